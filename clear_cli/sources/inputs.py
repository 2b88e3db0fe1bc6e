"""Open a file a user names (or a file names) as a regular file, reading at most a bound.

Devices (``/dev/zero``), FIFOs, ``/dev/stdin``, sockets and folders are refused before a
byte is read: they can be endless, or block for ever. The size bound is checked on the
bytes actually read, not on ``st_size`` (which a device or a growing file can misreport).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from clear_cli.common.errors import UserError, display_path


def kind_of(mode: int) -> str:
    """What a file that is not a regular file is, in words."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def read_bytes(path: Path, limit: int, *, what: str = "file") -> bytes:
    """The bytes of ``path`` if it is a regular file of at most ``limit`` bytes; else UserError."""
    shown = display_path(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)  # O_NONBLOCK: opening a FIFO with no writer must not hang
    except FileNotFoundError:
        raise UserError.one(shown, "file not found") from None
    except IsADirectoryError:
        raise UserError.one(shown, f"is a folder, not a {what}") from None
    except OSError as exc:
        raise UserError.one(shown, f"cannot be read: {exc.strerror or exc}") from None
    except ValueError:  # a NUL in the name: no file can have it
        raise UserError.one(
            shown, "cannot be a file: its name holds a NUL character (U+0000)"
        ) from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise UserError.one(
                shown, f"is {kind_of(mode)}, not a {what}: only regular files are read"
            )
        chunks: list[bytes] = []
        total = 0
        while True:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise UserError.one(
                    shown,
                    f"is larger than {limit // (1024 * 1024)} MiB; refusing it "
                    f"(no {what} comes near that size)",
                )
        return b"".join(chunks)
    except OSError as exc:
        raise UserError.one(shown, f"cannot be read: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
