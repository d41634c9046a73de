import getpass
import socket

from storage.actor import Actor, actor_of


def test_a_change_is_made_by_this_workstations_login_and_host():
    actor = actor_of()
    assert (actor.login, actor.host) == (getpass.getuser(), socket.gethostname())


def test_a_person_is_named_by_login_and_workstation():
    assert Actor("marjo", "TOIMISTO-3").label() == "marjo (TOIMISTO-3)"
    assert Actor("marjo", "").label() == "marjo"
