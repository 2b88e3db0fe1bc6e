"""Write a file in one step, so a crash, a full disk or Ctrl-C never leaves half a file.

The new content goes to a temporary file beside the target (a short name, ``.clear-XXXXXXXX.tmp``,
so a 255-character target name still works), is flushed to disk, given the target's
permissions (or a normal new file's), and renamed over the target (``os.replace`` is atomic
on POSIX and Windows). Writing through a symlink to a regular file replaces the file it
points to. Only regular files are ever replaced: a folder, a device, a pipe, a dangling or
looping symlink is refused. Any failure (no space, no permission, a bad name) removes the
temporary file, leaves the target as it was, and becomes a :class:`UserError` (exit 2).
Every command that writes a user-visible file uses this.
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
from collections.abc import Callable
from pathlib import Path

from clear_cli.common.errors import UserError, display_path


def replace_atomically(path: Path, write: Callable[[Path], None]) -> None:
    """Call ``write(tmp)`` to fill a temporary file, then move it over ``path``."""
    target = resolve_target(path)
    existed = target.exists()
    # The name is chosen before the file exists and the file is created inside the try, so
    # an interruption at any point leaves nothing behind.
    tmp = target.parent / f".clear-{secrets.token_hex(4)}.tmp"
    ours = True
    try:
        try:
            os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        except FileExistsError:  # another file of that name (1 in 4 billion): not ours
            ours = False
            raise
        write(tmp)
        _fsync_file(tmp)
        tmp.chmod(_mode_for(target))
        tmp.replace(target)
    except BaseException as exc:
        if ours:
            tmp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise not_written(path, exc, existed) from None
        raise
    _fsync_folder(target.parent)


def write_text_atomically(path: Path, text: str) -> None:
    """Write UTF-8 text with Unix line endings to ``path`` in one step."""

    def write(tmp: Path) -> None:
        with tmp.open("w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)

    replace_atomically(path, write)


def resolve_target(path: Path) -> Path:
    """The file a write to ``path`` replaces, or a UserError when it is not a regular file."""
    shown = display_path(path)
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return path
    except OSError as exc:
        raise not_written(path, exc, existed=False) from None
    target = path
    if stat.S_ISLNK(st.st_mode):
        real = Path(os.path.realpath(path))
        try:
            st = path.stat()
        except FileNotFoundError:
            raise UserError.one(
                shown,
                f"is a symbolic link to '{real}', which does not exist: "
                "remove the link or give another file name",
            ) from None
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise UserError.one(
                    shown, "is a symbolic link that loops: remove it or give another file name"
                ) from None
            raise not_written(path, exc, existed=False) from None
        target = real
    if stat.S_ISDIR(st.st_mode):
        raise UserError.one(shown, "is a folder: give a file name inside it instead")
    if not stat.S_ISREG(st.st_mode):
        raise UserError.one(
            shown,
            "is not a regular file (a device, pipe or socket): clear only replaces "
            "ordinary files; give another file name",
        )
    return target


def not_written(path: Path, exc: OSError, existed: bool) -> UserError:
    """The message for ``path`` that could not be written, and whether the old one is kept."""
    reason = {
        errno.ENOSPC: "the disk is full",
        errno.EFBIG: "the file is larger than the disk or a limit allows",
        errno.EDQUOT: "the disk quota is used up",
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
        errno.EROFS: "the folder is on a read-only disk",
        errno.ENAMETOOLONG: "the file name is too long",
        errno.ENOENT: "its folder does not exist",
        errno.ENOTDIR: "part of its folder path is not a folder",
        errno.EISDIR: "it is a folder",
    }.get(exc.errno or 0, exc.strerror or str(exc))
    kept = "the file there was left as it was" if existed else "nothing was written"
    return UserError.one(display_path(path), f"cannot be written: {reason}; {kept}")


def _mode_for(target: Path) -> int:
    try:
        return target.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _fsync_file(path: Path) -> None:
    with path.open("rb+") as fh:
        os.fsync(fh.fileno())


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # Windows cannot open a folder; the rename is durable enough there
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
