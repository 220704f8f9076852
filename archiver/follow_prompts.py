"""'Follow us on Telegram', 'Download our app': the boxes after a story that send the reader to the site's social
profiles or its app, told from links to posts that source the story."""

from __future__ import annotations

from collections.abc import Callable

from selectolax.lexbor import LexborNode

from archiver import urls

# Where "follow us" and "get our app" prompts send readers (see follow_prompts).
SOCIAL_HOSTS = frozenset(
    [
        "facebook.com",
        "twitter.com",
        "x.com",
        "instagram.com",
        "youtube.com",
        "tiktok.com",
        "t.me",
        "telegram.me",
        "whatsapp.com",
        "linkedin.com",
        "threads.net",
        "bsky.app",
        "pinterest.com",
        "snapchat.com",
    ]
)
# One-segment paths on those hosts that are no one's profile: a video, a playlist, a share button.
NOT_PROFILES = frozenset(
    [
        "watch",
        "playlist",
        "shorts",
        "embed",
        "video",
        "videos",
        "reel",
        "reels",
        "posts",
        "status",
        "hashtag",
        "sharer.php",
        "share",
        "intent",
    ]
)
APP_STORES = frozenset({"apps.apple.com", "itunes.apple.com", "play.google.com"})
# The links that start the search: the platforms prompts name most. Lexbor's cost grows with each selector
# (16 took 0.5 ms a page, these 0.3 ms); the box around a link is then judged against every host above.
FOLLOW_LINK_SEL = (
    "a[href*='facebook.com/'], a[href*='twitter.com/'], a[href*='instagram.com/'], a[href*='youtube.com/'], "
    "a[href*='tiktok.com/'], a[href*='linkedin.com/'], a[href*='apps.apple.com/'], a[href*='play.google.com/'], "
    "a[href^='https://x.com/'], a[href^='https://t.me/']"
)


def follow_prompts(root: LexborNode, protected: set[int], drop: Callable[[LexborNode, str], None]) -> None:
    """ "Follow us on Telegram", "Download our app": the largest short box after the story's last paragraph whose
    every link goes to a social profile or an app store. A link to a post (a tweet, a video) is a source, not a
    prompt; a box with prose after it is inside the story."""
    # Last first: a prompt after another (follow us, then get our app) is gone before the earlier one looks on.
    for link in reversed(root.css(FOLLOW_LINK_SEL)):
        if link.parent is None:
            continue
        box, node = None, link.parent
        while node is not None and node.tag not in ("body", "html", "article", "main") and _follow_box(node):
            box, node = node, node.parent
        if box is None or box.parent is None or box.mem_id in protected or box.tag in ("a", "span", "strong", "b"):
            continue
        if box.css_first("blockquote, figure, iframe") is None and not _prose_after(box):
            drop(box, "generic:follow-prompt")


def _follow_box(node: LexborNode) -> bool:
    """A short element whose links all send the reader to social profiles or app stores."""
    return len(node.text(separator=" ").split()) <= 40 and all(
        _follow_target(a.attributes.get("href") or "") for a in node.css("a")
    )


def _follow_target(href: str) -> bool:
    """A social profile (one path segment: facebook.com/paper, t.me/channel), an app store page, or an address."""
    if href.startswith("mailto:"):
        return True
    parts = urls.split(href)
    host = (parts.hostname or "").removeprefix("www.").removeprefix("m.")
    if host in APP_STORES:
        return True
    segments = [s for s in parts.path.split("/") if s]
    return host in SOCIAL_HOSTS and len(segments) == 1 and not parts.query and segments[0] not in NOT_PROFILES


def _prose_after(node: LexborNode) -> bool:
    """Whether a prose paragraph follows the node in its story: the story is not over, so the node is prose."""
    current: LexborNode | None = node
    while current is not None and current.tag not in ("body", "article", "main"):
        sibling = current.next
        while sibling is not None:
            if sibling.is_element_node:
                paras = [sibling] if sibling.tag == "p" else sibling.css("p")
                if any(len(p.text(separator=" ").split()) >= 10 for p in paras):
                    return True
            sibling = sibling.next
        current = current.parent
    return False
