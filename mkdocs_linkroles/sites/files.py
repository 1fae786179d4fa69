"""Reading and writing the files of a built site that someone else may have made.

`linkroles scan` is given a folder of HTML that may come from a stranger: a symbolic link
in it could make a plain read publish a file from elsewhere on the machine, and a plain
write overwrite one (`backlinks/index.html -> ~/.bash_profile`). Here every file of the site
is opened one folder at a time from the site's own folder, each step refusing a symbolic
link (`openat` with `O_NOFOLLOW`), so nothing outside the folder is ever read or written,
whatever its links say. A read takes only a regular file of bounded size (never a FIFO,
which would hang, or a device such as `/dev/zero`); a write goes to a new file beside the
target and replaces it atomically, so a link put in its place is replaced, not followed.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable
from contextlib import ExitStack, suppress
from pathlib import Path

MAX_PAGE_BYTES = 32 << 20
"""The largest file of a site that `linkroles scan` reads (32 MiB; a large generated page
is about 1 MB): a bigger one is left out with a warning."""


class SiteFileError(ValueError):
    """A file of the site cannot be read or written safely: one line naming it and why."""


_FOLLOWS_NO_LINKS = os.open in os.supports_dir_fd and hasattr(os, "O_NOFOLLOW")
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)


def _parts(path: str) -> list[str]:
    parts = [part for part in path.replace("\\", "/").split("/") if part not in ("", ".")]
    if not parts or ".." in parts or path.startswith(("/", "\\")) or ":" in parts[0]:
        raise SiteFileError(f"{path}: not a path inside the site")
    return parts


def _open_folder(stack: ExitStack, site_dir: Path, parts: list[str], *, create: bool) -> int:
    """The folder of `parts[:-1]` below `site_dir`, opened without following any link."""
    folder = os.open(site_dir, os.O_RDONLY | _DIRECTORY)
    stack.callback(os.close, folder)
    for depth, part in enumerate(parts[:-1]):
        if create:
            with suppress(FileExistsError):
                os.mkdir(part, 0o777, dir_fd=folder)
        try:
            inner = os.open(part, os.O_RDONLY | _DIRECTORY | _NOFOLLOW, dir_fd=folder)
        except OSError as error:
            where = "/".join(parts[: depth + 1])
            if error.errno in (errno.ELOOP, errno.ENOTDIR):
                raise SiteFileError(
                    f"{where}: a symbolic link or a file where a folder should be; "
                    "linkroles reads and writes only inside the site, never through a link"
                ) from None
            raise
        stack.callback(os.close, inner)
        folder = inner
    return folder


def read_site_file(site_dir: Path, path: str, *, limit: int = MAX_PAGE_BYTES) -> bytes:
    """The bytes of the regular file at `path` (relative, `/`-separated) inside `site_dir`.

    SiteFileError, naming the file, if it is a symbolic link, lies behind one, is not a
    regular file, or is larger than `limit` bytes.
    """
    parts = _parts(path)
    if not _FOLLOWS_NO_LINKS:  # pragma: no cover - systems without openat
        return _read_resolved(site_dir, path, limit)
    with ExitStack() as stack:
        folder = _open_folder(stack, site_dir, parts, create=False)
        try:
            fd = os.open(parts[-1], os.O_RDONLY | _NOFOLLOW | _NONBLOCK, dir_fd=folder)
        except OSError as error:
            if error.errno == errno.ELOOP:
                raise SiteFileError(
                    f"{path}: a symbolic link; linkroles reads only the site's own files"
                ) from None
            raise
        with os.fdopen(fd, "rb") as stream:
            status = os.fstat(stream.fileno())
            return _read_regular(stream.read, status, path, limit)


def _read_regular(
    read: Callable[[int], bytes], status: os.stat_result, path: str, limit: int
) -> bytes:
    if not stat.S_ISREG(status.st_mode):
        raise SiteFileError(f"{path}: not a regular file (a FIFO, a device or a socket)")
    if status.st_size > limit:
        raise SiteFileError(f"{path}: larger than {limit >> 20} MiB, the most a page may be")
    data = read(limit + 1)
    if len(data) > limit:  # grew while being read
        raise SiteFileError(f"{path}: larger than {limit >> 20} MiB, the most a page may be")
    return data


def _read_resolved(site_dir: Path, path: str, limit: int) -> bytes:  # pragma: no cover
    target = site_dir / path
    root = site_dir.resolve()
    if target.is_symlink() or root not in target.resolve().parents:
        raise SiteFileError(f"{path}: a symbolic link, or outside the site")
    with open(target, "rb") as stream:
        return _read_regular(stream.read, os.fstat(stream.fileno()), path, limit)


def site_file_kind(site_dir: Path, path: str) -> str | None:
    """What is at `path` inside the site, following no link on the way: None if nothing.

    `file`, `folder`, `link` (the file, or a folder on its way, is a symbolic link) or
    `other` (a FIFO, a device, a socket).
    """
    here = site_dir
    parts = _parts(path)
    for depth, part in enumerate(parts):
        here = here / part
        try:
            status = os.lstat(here)
        except (FileNotFoundError, NotADirectoryError):
            return None
        if stat.S_ISLNK(status.st_mode):
            return "link"
        if depth < len(parts) - 1 and not stat.S_ISDIR(status.st_mode):
            return "other"
    if stat.S_ISREG(status.st_mode):
        return "file"
    return "folder" if stat.S_ISDIR(status.st_mode) else "other"


def write_site_file(
    site_dir: Path,
    path: str,
    data: bytes,
    *,
    may_replace: Callable[[bytes], bool] | None = None,
) -> None:
    """Write `data` to `path` inside `site_dir`, creating its folders, atomically.

    Never through a symbolic link, in the folders or at the file itself. An existing file is
    replaced only if `may_replace(its bytes)` says so (None: always): a file that linkroles
    did not write is never overwritten. SiteFileError, naming the file, otherwise.
    """
    parts = _parts(path)
    if not _FOLLOWS_NO_LINKS:  # pragma: no cover - systems without openat
        _write_resolved(site_dir, path, data, may_replace)
        return
    with ExitStack() as stack:
        folder = _open_folder(stack, site_dir, parts, create=True)
        name = parts[-1]
        try:
            status: os.stat_result | None = os.stat(name, dir_fd=folder, follow_symlinks=False)
        except FileNotFoundError:
            status = None
        if status is not None:
            if stat.S_ISLNK(status.st_mode):
                raise SiteFileError(
                    f"{path}: a symbolic link is where linkroles would write; remove it "
                    "(linkroles never writes through a link)"
                )
            if not stat.S_ISREG(status.st_mode):
                raise SiteFileError(f"{path}: not a regular file; linkroles will not replace it")
            if may_replace is not None:
                fd = os.open(name, os.O_RDONLY | _NOFOLLOW | _NONBLOCK, dir_fd=folder)
                with os.fdopen(fd, "rb") as stream:
                    existing = stream.read(MAX_PAGE_BYTES)
                if not may_replace(existing):
                    raise SiteFileError(
                        f"{path}: a file of the site that linkroles did not write; "
                        "linkroles will not overwrite it (set 'backlinks_dir' or 'report' "
                        "to another name)"
                    )
        temporary = f".{name}.linkroles-{os.getpid()}.tmp"
        fd = os.open(
            temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o666, dir_fd=folder
        )
        try:
            with os.fdopen(fd, "wb") as stream:
                stream.write(data)
            # rename() replaces the directory entry itself: a link that appeared meanwhile
            # is replaced, never followed.
            os.replace(temporary, name, src_dir_fd=folder, dst_dir_fd=folder)
        except BaseException:
            with suppress(OSError):
                os.unlink(temporary, dir_fd=folder)
            raise


def _write_resolved(  # pragma: no cover - systems without openat
    site_dir: Path, path: str, data: bytes, may_replace: Callable[[bytes], bool] | None
) -> None:
    target = site_dir / path
    root = site_dir.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    parent = target.parent.resolve()
    if target.is_symlink() or (parent != root and root not in parent.parents):
        raise SiteFileError(f"{path}: a symbolic link, or outside the site")
    if target.exists() and may_replace is not None and not may_replace(target.read_bytes()):
        raise SiteFileError(f"{path}: a file of the site that linkroles did not write")
    temporary = target.with_name(f".{target.name}.linkroles.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, target)
