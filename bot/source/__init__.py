"""Where the course site comes from: a local folder, or a git repository the bot clones and fetches.

This package does I/O about the source of the site only (no parsing, no SQL, no chat): services use it
to bring the site's folder up to date before the store syncs the cache from that folder.
"""

from bot.source.git import CommitInfo, FetchResult, GitError, GitSite, public_url

__all__ = ["CommitInfo", "FetchResult", "GitError", "GitSite", "public_url"]
