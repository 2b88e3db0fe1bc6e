"""Download the Smoking Profile's data from the public Fingertips API (standard library only).

The service's address can be changed with the environment variable ``CLEAR_FINGERTIPS_API``
(the test suite points it at a local server). The response is streamed to the file given, in
chunks, with a bound on its size and a timeout on every read.
"""

from __future__ import annotations

import os
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path

from clear_cli import __version__
from clear_cli.common.errors import UserError
from clear_cli.models.answers import AREA_CODE

API = "https://fingertips.phe.org.uk/api"
PROFILE_ID = 18  # the Smoking Profile (formerly Local Tobacco Control Profiles)
#: Counties and unitary authorities (from April 2023), with England as the parent.
AREA_TYPE, PARENT_TYPE = 502, 15
TIMEOUT = 60.0
#: A national download of the profile is tens of megabytes; nothing near this is one.
MAX_BYTES = 1 << 30
CHUNK = 1 << 16


def check_area(code: str) -> str:
    """``code`` if it is an ONS area code; else a UserError saying what one looks like."""
    code = code.strip()
    if not re.match(AREA_CODE, code):
        raise UserError.one(
            "",
            f"--area '{code[:40]}' is not an ONS area code: a capital letter (E, W, S, N or K) "
            "and eight digits, e.g. E10000014",
        )
    return code


def profile_url(area_type: int, parent_type: int) -> str:
    base = os.environ.get("CLEAR_FINGERTIPS_API", API).rstrip("/")
    query = urllib.parse.urlencode(
        {
            "child_area_type_id": area_type,
            "parent_area_type_id": parent_type,
            "profile_id": PROFILE_ID,
        }
    )
    return f"{base}/all_data/csv/by_profile_id?{query}"


def download(
    url: str,
    out: Path,
    *,
    progress: Callable[[int, int | None], None],
    timeout: float = TIMEOUT,
) -> int:
    """Stream ``url`` into ``out``; ``progress(bytes so far, total or None)``. Returns the size."""
    request = urllib.request.Request(
        url, headers={"User-Agent": f"clear-cli/{__version__}", "Accept": "text/csv"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            length = response.headers.get("Content-Length")
            total = int(length) if length and length.isdigit() else None
            done = 0
            with out.open("wb") as fh:
                while True:
                    chunk = response.read(CHUNK)
                    if not chunk:
                        break
                    done += len(chunk)
                    if done > MAX_BYTES:
                        raise UserError.one(
                            "", f"Fingertips sent more than {MAX_BYTES >> 20} MiB; stopped"
                        )
                    fh.write(chunk)
                    progress(done, total)
            return done
    except urllib.error.HTTPError as exc:
        raise UserError.one(
            "",
            f"Fingertips answered HTTP {exc.code} {exc.reason} for {_short(url)}: try again "
            "later, or download the data from the Smoking Profile's Download page and use "
            "clear results fill",
        ) from None
    except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
        reason = getattr(exc, "reason", exc)
        raise UserError.one(
            "",
            f"cannot reach Fingertips ({reason}): check the internet connection, or download "
            "the data from the Smoking Profile's Download page and use clear results fill",
        ) from None


def _short(url: str) -> str:
    return url if len(url) <= 120 else url[:117] + "..."
