"""Where a database is shown to be, and which folders are on a network drive."""

import pytest

from storage.location import (
    is_unc_path,
    network_mount,
    parse_bsd_mount,
    parse_mountinfo,
    shown_location,
    url_has_password,
)

# ---------------------------------------------------------------------------- shown location


def test_a_sqlite_file_is_shown_as_its_path():
    assert shown_location("sqlite:////home/anna/oske.sqlite") == "/home/anna/oske.sqlite"


def test_a_server_is_shown_as_user_at_host_and_database_without_the_password():
    url = "postgresql+psycopg://oske:Salainen-123@db.toimisto.local/oske"
    assert shown_location(url) == "oske@db.toimisto.local/oske"


def test_a_port_other_than_the_default_is_shown():
    assert shown_location("postgresql://oske:x@db:5433/oske") == "oske@db:5433/oske"
    assert shown_location("postgresql://oske:x@db:5432/oske") == "oske@db/oske"


def test_a_libpq_service_is_shown_by_its_name():
    assert shown_location("postgresql+psycopg:///?service=oske") == "palvelu oske"


def test_host_user_and_password_in_the_query_string_show_all_but_the_password():
    url = "postgresql+psycopg:///oske?host=db.toimisto.local&user=anna&password=Salainen-123"
    assert shown_location(url) == "anna@db.toimisto.local/oske"


def test_an_unreadable_url_hides_what_comes_before_its_at_sign_and_its_query():
    assert shown_location("postgresql://anna:Salainen-123@db:portti/oske") == (
        "postgresql://…@db:portti/oske"
    )
    assert shown_location("postgresql//anna:Salainen-123@db/oske") == "…@db/oske"
    assert shown_location("postgresql:/db/oske?password=Salainen-123") == "postgresql:/db/oske"


def test_a_password_is_found_after_the_user_name_or_in_the_query_string():
    assert url_has_password("postgresql://anna:Salainen-123@db/oske")
    assert url_has_password("postgresql://anna@db/oske?password=Salainen-123")
    assert not url_has_password("postgresql://anna@db/oske?sslmode=require")
    assert not url_has_password("postgresql+psycopg:///?service=oske")


# ---------------------------------------------------------------------------- network drives

MOUNTINFO = r"""22 1 8:2 / / rw,relatime shared:1 - ext4 /dev/sda2 rw,errors=remount-ro
23 22 0:21 / /proc rw,nosuid,nodev,noexec,relatime shared:12 - proc proc rw
28 22 0:25 / /run rw,nosuid,nodev,noexec,relatime shared:5 - tmpfs tmpfs rw,size=1635224k,mode=755,inode64
31 22 0:27 / /tmp rw,nosuid,nodev shared:14 - tmpfs tmpfs rw,inode64
40 22 0:35 / /var/lib/docker/overlay2/3f1c/merged rw,relatime - overlay overlay rw,lowerdir=/var/lib/docker/overlay2/l/AB:/var/lib/docker/overlay2/l/CD,upperdir=/var/lib/docker/overlay2/3f1c/diff,workdir=/var/lib/docker/overlay2/3f1c/work
120 22 0:52 / /mnt/toimisto rw,relatime shared:66 - cifs //nas.toimisto.local/yhteiset rw,vers=3.1.1,cache=strict,username=anna,uid=1000,addr=192.168.1.10,soft,nounix,serverino,mapposix,rsize=4194304,wsize=4194304
121 22 0:53 / /srv/jaettu rw,relatime shared:67 - nfs4 nas:/export/oske rw,vers=4.2,rsize=1048576,wsize=1048576,namlen=255,hard,proto=tcp,timeo=600,retrans=2,sec=sys,local_lock=none,addr=192.168.1.10
122 22 0:54 / /home/anna/etä rw,nosuid,nodev,relatime shared:68 - fuse.sshfs anna@palvelin:/home/anna rw,user_id=1000,group_id=1000
123 22 0:55 / /media/anna/Yhteiset\040kansiot rw,relatime shared:69 - smb3 //nas/yhteiset rw,vers=3.0,cache=strict
124 120 8:17 / /mnt/toimisto/oma rw,relatime shared:70 - ext4 /dev/sdb1 rw
125 22 0:56 / /srv/nfs3 rw,relatime shared:71 - nfs nas:/vanha rw,vers=3,hard,proto=tcp
126 28 0:57 / /run/user/1000/gvfs rw,nosuid,nodev,relatime shared:72 - fuse.gvfsd-fuse gvfsd-fuse rw,user_id=1000,group_id=1000
"""


def kind_of(folder: str, table: str = MOUNTINFO) -> str | None:
    mount = network_mount(folder, parse_mountinfo(table))
    return mount.fstype if mount else None


@pytest.mark.parametrize(
    ("folder", "kind"),
    [
        ("/mnt/toimisto/oske", "cifs"),
        ("/mnt/toimisto", "cifs"),
        ("/srv/jaettu", "nfs4"),
        ("/srv/nfs3/oske", "nfs"),
        ("/home/anna/etä/tietokannat", "fuse.sshfs"),
        ("/media/anna/Yhteiset kansiot", "smb3"),
        ("/run/user/1000/gvfs/smb-share:server=nas,share=yhteiset/oske", "fuse.gvfsd-fuse"),
    ],
)
def test_a_folder_on_a_network_file_system_is_on_a_network_drive(folder, kind):
    assert kind_of(folder) == kind


@pytest.mark.parametrize(
    "folder",
    [
        "/home/anna/Asiakirjat",  # ext4
        "/tmp/oske",  # tmpfs
        "/var/lib/docker/overlay2/3f1c/merged/data",  # overlay
        "/run/user/1000/gvfs/mtp:host=puhelin/Asiakirjat",  # a phone, through gvfs
    ],
)
def test_a_folder_on_a_local_file_system_is_not_on_a_network_drive(folder):
    assert kind_of(folder) is None


def test_a_local_disk_mounted_inside_a_network_share_is_local():
    assert kind_of("/mnt/toimisto/oma/oske") is None


def test_a_mount_point_matches_whole_folder_names_only():
    assert kind_of("/srv/jaettu-vanha") is None
    assert kind_of("/mnt/toimistot") is None


def test_of_two_mounts_on_one_folder_the_later_counts():
    over = MOUNTINFO + "130 22 8:18 / /srv/jaettu rw,relatime shared:80 - ext4 /dev/sdc1 rw\n"
    assert kind_of("/srv/jaettu/oske", over) is None


def test_mounts_listed_by_macos_mount_command_are_read():
    listed = (
        "/dev/disk3s1s1 on / (apfs, sealed, local, read-only, journaled)\n"
        "/dev/disk3s5 on /System/Volumes/Data (apfs, local, journaled, nobrowse, protect)\n"
        "//anna@nas._smb._tcp.local/yhteiset on /Volumes/Yhteiset kansiot"
        " (smbfs, nodev, nosuid, mounted by anna)\n"
        "nas:/export on /Volumes/export (nfs, asynchronous)\n"
    )
    mounts = parse_bsd_mount(listed)
    assert network_mount("/Volumes/Yhteiset kansiot/oske", mounts).fstype == "smbfs"
    assert network_mount("/Volumes/export", mounts).fstype == "nfs"
    assert network_mount("/Users/anna/Documents", mounts) is None


@pytest.mark.parametrize(
    ("path", "network"),
    [
        (r"\\nas\yhteiset\oske.sqlite", True),
        ("//nas/yhteiset/oske.sqlite", True),
        (r"\\?\UNC\nas\yhteiset\oske.sqlite", True),
        (r"\\?\C:\Users\anna\oske.sqlite", False),
        (r"\\.\PhysicalDrive0", False),
        (r"C:\Users\anna\oske.sqlite", False),
        (r"Z:\oske.sqlite", False),  # a mapped drive is told by Windows itself
    ],
)
def test_a_windows_unc_path_names_a_network_share(path, network):
    assert is_unc_path(path) is network


def test_a_database_on_the_workstations_own_disk_opens_without_a_warning(db):
    assert db.warnings == []
