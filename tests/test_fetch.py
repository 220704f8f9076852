"""Fetching: limits, content types, charsets and typed errors, mocked at the transport with respx."""

from __future__ import annotations

import httpx
import pytest
import respx

from archiver.decode import decode_html
from archiver.errors import HTTPStatusError, NetworkError, NotHTMLError, TooLargeError
from archiver.fetch import USER_AGENT, fetch_page, make_client

URL = "https://news.example/story"


@respx.mock
def test_fetch_sends_user_agent_and_decodes_declared_charset() -> None:
    body = "<html><body><p>Café crème</p></body></html>".encode("latin-1")
    route = respx.get(URL).respond(200, content=body, headers={"Content-Type": "text/html; charset=ISO-8859-1"})
    with make_client() as client:
        page = fetch_page(URL, client)
    assert route.calls[0].request.headers["User-Agent"] == USER_AGENT
    assert "Café crème" in page.text
    assert page.encoding == "iso-8859-1"


@respx.mock
def test_meta_charset_is_used_when_the_header_has_none() -> None:
    body = '<html><head><meta charset="windows-1252"></head><body><p>“quoted”</p></body></html>'.encode("cp1252")
    respx.get(URL).respond(200, content=body, headers={"Content-Type": "text/html"})
    with make_client() as client:
        assert "“quoted”" in fetch_page(URL, client).text


def test_detection_when_nothing_is_declared() -> None:
    text = "<html><body><p>" + "Grüße aus München, schöne Straße. " * 20 + "</p></body></html>"
    decoded, encoding = decode_html(text.encode("cp1252"))
    assert "Grüße aus München" in decoded
    assert encoding != "utf-8"


@respx.mock
@pytest.mark.parametrize(
    ("response", "error", "message"),
    [
        (httpx.Response(404), HTTPStatusError, "HTTP 404"),
        (httpx.Response(200, content=b"%PDF", headers={"Content-Type": "application/pdf"}), NotHTMLError, "pdf"),
        (httpx.Response(200, content=b"\x89PNG\r\n", headers={"Content-Type": "text/plain"}), NotHTMLError, "HTML"),
        (httpx.Response(200, content=b"<p>x</p>", headers={"Content-Length": "999999999"}), TooLargeError, "limit"),
    ],
)
def test_typed_errors(response: httpx.Response, error: type, message: str) -> None:
    respx.get(URL).mock(return_value=response)
    with make_client() as client, pytest.raises(error, match=message) as info:
        fetch_page(URL, client)
    assert info.value.url == URL


@respx.mock
def test_streamed_size_limit_without_content_length() -> None:
    def chunks():
        for _ in range(100):
            yield b"<p>" + b"x" * 1000 + b"</p>"

    respx.get(URL).mock(return_value=httpx.Response(200, content=chunks(), headers={"Content-Type": "text/html"}))
    with make_client() as client, pytest.raises(TooLargeError):
        fetch_page(URL, client, max_bytes=10_000)


@respx.mock
def test_redirect_loop_is_a_network_error() -> None:
    respx.get(URL).respond(302, headers={"Location": URL})
    with make_client() as client, pytest.raises(NetworkError, match="too many redirects"):
        fetch_page(URL, client)


@respx.mock
def test_connect_error_and_timeout_are_network_errors() -> None:
    respx.get(URL).mock(side_effect=httpx.ConnectError("refused"))
    respx.get(URL + "/slow").mock(side_effect=httpx.ReadTimeout("slow"))
    with make_client() as client:
        with pytest.raises(NetworkError, match="ConnectError"):
            fetch_page(URL, client)
        with pytest.raises(NetworkError, match="timed out"):
            fetch_page(URL + "/slow", client)


@respx.mock
def test_secrets_are_not_kept_in_headers() -> None:
    respx.get(URL).respond(200, html="<html><body>x</body></html>", headers={"Set-Cookie": "session=abc"})
    with make_client() as client:
        page = fetch_page(URL, client)
    assert "set-cookie" not in page.headers


def test_a_few_bad_bytes_do_not_make_a_utf8_page_look_like_another_charset() -> None:
    text = "<html><body><p>" + "Zürich, Kraków and São Paulo are in the news today. " * 40 + "</p></body></html>"
    data = text.encode("utf-8").replace(b"today", b"tod\xffy", 1)
    decoded, encoding = decode_html(data, "text/html; charset=utf-8")
    assert encoding == "utf-8" and "Zürich, Kraków and São Paulo" in decoded
    undeclared, _ = decode_html(data)
    assert "Zürich, Kraków and São Paulo" in undeclared
