"""Where a database is, as a person may see it, and whether its file is on a network drive.

``shown_location`` is what the status bar, the About dialog and every message show for a
database: a SQLite file's path, or ``user@host:port/database`` for a server, never a
password (not even one given in the URL's query string).

``network_drive`` tells whether a folder is on a network file system (SMB/CIFS, NFS,
sshfs …), where SQLite's file locking is not safe for several workstations. The decision
is a pure function over the operating system's mount table text (Linux's
``/proc/self/mountinfo``, the ``mount`` command's lines on macOS and the BSDs) or over
the path itself (a Windows UNC path); thin readers fetch that text.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from domain.i18n import _

DEFAULT_PORTS = {"postgresql": 5432, "mysql": 3306, "mariadb": 3306, "mssql": 1433, "oracle": 1521}
SECRET_KEYS = frozenset({"password", "sslpassword"})  # never shown, never stored


# ---------------------------------------------------------------------------- URLs


def _query_text(value: str | tuple[str, ...] | None) -> str:
    if value is None:
        return ""
    return ",".join(value) if isinstance(value, tuple) else value


def _host_text(host: str) -> str:
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


def shown_location(url: str) -> str:
    """A database's location for a person: a SQLite file's path, or
    ``user@host:port/database`` (the port only when not the default) for a server.

    A libpq service (``postgresql+psycopg:///?service=oske``) is "service oske"; a host,
    port, user or database given in the query string counts as if in the URL. Nothing
    else of the URL, and never a password, is shown.
    """
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        return unreadable_url_text(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        if parsed.database in (None, "", ":memory:"):
            return _("a database in memory")
        return parsed.database
    query = parsed.query
    user = parsed.username or _query_text(query.get("user"))
    host = parsed.host or _query_text(query.get("host"))
    port = str(parsed.port or _query_text(query.get("port")))
    database = parsed.database or _query_text(query.get("dbname"))
    service = _query_text(query.get("service"))
    if port == str(DEFAULT_PORTS.get(backend, "")):
        port = ""
    where = ""
    if user or host or port or database:
        where = f"{user}@" if user else ""
        where += ",".join(_host_text(h) for h in host.split(",")) if host else "localhost"
        where += f":{port}" if port else ""
        where += f"/{database}" if database else ""
    if service:
        named = _("service {name}").format(name=service)
        return f"{named} ({where})" if where else named
    return where or backend


def unreadable_url_text(text: str) -> str:
    """Text that is no URL, shown without what could be a password: whatever comes before
    its last "@" (after a scheme's "://") is hidden, and so is a query string."""
    text = text.split("?", 1)[0]
    head, at, rest = text.rpartition("@")
    if not at:
        return text
    scheme, sep, _credentials = head.rpartition("://")
    return f"{scheme}{sep}…@{rest}"


def url_has_password(url: str) -> bool:
    """Whether the URL carries a password (after the user name, or in its query string);
    False for text that is no URL at all, which no database opens."""
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        return False
    return bool(parsed.password) or any(key in parsed.query for key in SECRET_KEYS)


# ---------------------------------------------------------------------------- network drives

# File systems whose files live on another computer. 9p is left out on purpose: WSL 2
# serves the Windows drives (/mnt/c) with it, which are the workstation's own disks.
NETWORK_FILESYSTEMS = frozenset(
    {
        "afs",
        "ceph",
        "cifs",
        "coda",
        "davfs",
        "glusterfs",
        "gpfs",
        "lustre",
        "ncpfs",
        "nfs",
        "nfs4",
        "ocfs2",
        "smb3",
        "smbfs",
        "afpfs",  # macOS
        "webdav",  # macOS
    }
)
NETWORK_FUSE = frozenset(
    {
        "sshfs",
        "rclone",
        "s3fs",
        "davfs",
        "smbnetfs",
        "glusterfs",
        "cephfs",
        "gcsfuse",
        "goofys",
        "kio-fuse",
    }
)
# GNOME's file manager mounts network shares under /run/user/UID/gvfs with one folder per
# share; its local kinds (a phone, an archive) are not network.
GVFS_NETWORK_PREFIXES = ("smb-share:", "sftp:", "ftp:", "dav:", "davs:", "nfs:", "afp-volume:")


@dataclass(frozen=True)
class Mount:
    point: str  # where it is mounted
    fstype: str  # as the kernel names it: ext4, cifs, nfs4, fuse.sshfs …
    source: str  # what is mounted: /dev/sda1, //server/share, server:/export …


def is_network_filesystem(fstype: str) -> bool:
    kind = fstype.lower()
    if kind in NETWORK_FILESYSTEMS:
        return True
    if kind.startswith(("fuse.", "fuseblk.")):
        return kind.split(".", 1)[1] in NETWORK_FUSE
    return False


def _unescape_mountinfo(field: str) -> str:
    """mountinfo writes a space, tab, newline and backslash in a path as octal: \\040."""
    return re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), field)


def parse_mountinfo(text: str) -> list[Mount]:
    """The mounts of Linux's ``/proc/self/mountinfo``, in its order.

    A line: ``36 35 98:0 /root /mnt/point rw,noatime master:1 - ext3 /dev/sda1 rw``: the
    mount point is the fifth field; after the lone ``-`` come the type and the source.
    """
    mounts = []
    for line in text.splitlines():
        fields = line.split(" ")
        if len(fields) < 7 or "-" not in fields[6:]:
            continue
        dash = fields.index("-", 6)
        if len(fields) < dash + 3:
            continue
        mounts.append(
            Mount(
                _unescape_mountinfo(fields[4]),
                fields[dash + 1],
                _unescape_mountinfo(fields[dash + 2]),
            )
        )
    return mounts


_BSD_MOUNT = re.compile(r"^(?P<source>.*) on (?P<point>/.*?) \((?P<fstype>[^,()]+)[,)]")


def parse_bsd_mount(text: str) -> list[Mount]:
    """The mounts that macOS's and the BSDs' ``mount`` command lists, one a line:
    ``//anna@nas/yhteiset on /Volumes/yhteiset (smbfs, nodev, nosuid, mounted by anna)``."""
    mounts = []
    for line in text.splitlines():
        found = _BSD_MOUNT.match(line.strip())
        if found:
            mounts.append(Mount(found["point"], found["fstype"].strip(), found["source"]))
    return mounts


def _inside(path: str, point: str) -> bool:
    return point == "/" or path == point or path.startswith(point.rstrip("/") + "/")


def mount_of(folder: str, mounts: Iterable[Mount]) -> Mount | None:
    """The mount that holds an absolute folder: the longest mount point that contains it
    (and of equal ones the last, which hides those mounted before it)."""
    best: Mount | None = None
    for mount in mounts:
        if _inside(folder, mount.point) and (best is None or len(mount.point) >= len(best.point)):
            best = mount
    return best


def network_mount(folder: str, mounts: Iterable[Mount]) -> Mount | None:
    """The network mount that holds ``folder``, or None when it is on a local disk."""
    mount = mount_of(folder, mounts)
    if mount is None:
        return None
    if is_network_filesystem(mount.fstype):
        return mount
    if mount.fstype.lower() == "fuse.gvfsd-fuse":
        rest = folder[len(mount.point) :].lstrip("/")
        if rest.startswith(GVFS_NETWORK_PREFIXES):
            return mount
    return None


def is_unc_path(path: str) -> bool:
    """Whether a Windows path names a network share: ``\\\\server\\share\\…`` (or with
    forward slashes), or its long form ``\\\\?\\UNC\\server\\share``; ``\\\\?\\C:\\…`` and
    device paths (``\\\\.\\…``) are local."""
    text = path.replace("/", "\\")
    if text.startswith(("\\\\?\\", "\\\\.\\")):
        return text[4:].upper().startswith("UNC\\")
    return text.startswith("\\\\") and len(text) > 2 and text[2] != "\\"


DRIVE_REMOTE = 4  # GetDriveTypeW's answer for a mapped network drive


def _windows_drive_is_remote(path: str) -> bool:
    import ctypes

    drive = os.path.splitdrive(path)[0]
    if len(drive) != 2 or drive[1] != ":":
        return False
    windll = getattr(ctypes, "windll", None)
    if windll is None:
        return False
    return bool(windll.kernel32.GetDriveTypeW(f"{drive}\\") == DRIVE_REMOTE)


def _read_mounts() -> list[Mount]:
    try:
        return parse_mountinfo(Path("/proc/self/mountinfo").read_text(encoding="utf-8"))
    except OSError:
        pass
    if sys.platform == "darwin" or "bsd" in sys.platform:
        try:
            listed = subprocess.run(
                ["/sbin/mount"], capture_output=True, text=True, timeout=5, check=False
            )
        except (OSError, subprocess.SubprocessError):
            return []
        return parse_bsd_mount(listed.stdout)
    return []


def network_drive(folder: Path) -> str | None:
    """What network share holds ``folder`` (its kind, e.g. ``cifs`` or ``UNC``), or None
    when the folder is on the workstation's own disk or it cannot be told."""
    given = str(folder)
    if sys.platform == "win32":
        resolved = str(folder.resolve())
        if is_unc_path(given) or is_unc_path(resolved):
            return "UNC"
        return _("mapped network drive") if _windows_drive_is_remote(resolved) else None
    mount = network_mount(os.path.realpath(given), _read_mounts())
    return mount.fstype if mount else None


def network_drive_warning(path: Path) -> str | None:
    """A warning for a SQLite database file on a network drive, or None."""
    kind = network_drive(path.parent)
    if kind is None:
        return None
    return _(
        "The database {path} is on a network drive ({kind}). SQLite's file locking is not "
        "reliable there: if several workstations use the file at once, records can be lost "
        "or the file damaged. For several workstations use a shared PostgreSQL server; "
        "docs/admin.md tells how to set one up and move this file there."
    ).format(path=path, kind=kind)
