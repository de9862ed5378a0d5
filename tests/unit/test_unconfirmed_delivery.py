"""Files of a certificate whose delivery the bank may or may not have recorded
(it stopped answering): hidden beside the old ones, then put in place or dropped
once the bank answers. No copy is lost on either answer."""

from __future__ import annotations

from pathlib import Path

from kiosk.certs.issuance import settle_unconfirmed
from kiosk.npki import layout
from kiosk.terminal.media import MediaBay, Medium


def _reissue_aside(root: Path, serial: int = 77) -> Path:
    """A re-issue's new files swapped in over the old ones, then set aside."""
    target = root / "NPKI" / "yessign" / "USER" / "cn=김민준()0012,ou=personal,o=yessign,c=kr"
    layout.write_atomically(target, {layout.CERT_FILE: b"old", layout.KEY_FILE: b"old key"})
    staged = layout.stage(target.parent / ".pending", {layout.KEY_FILE: b"new key"})
    swapped = staged.add({layout.CERT_FILE: b"new"}, target).swap_in(replace=True)
    swapped.set_aside(serial)
    return target


def test_set_aside_puts_the_old_certificate_back_and_hides_the_new(tmp_path: Path) -> None:
    target = _reissue_aside(tmp_path)
    assert (target / layout.CERT_FILE).read_bytes() == b"old"
    assert layout.find_cert_dirs(tmp_path) == [target]
    (aside,) = layout.unconfirmed(tmp_path)
    assert aside.serial == 77 and aside.target == target


def test_settling_puts_a_recorded_delivery_in_place(tmp_path: Path) -> None:
    media = MediaBay(tmp_path)
    target = _reissue_aside(media.root(Medium.HARD_DISK))
    assert settle_unconfirmed(media, lambda serial: serial == 77) == [77]
    assert (target / layout.CERT_FILE).read_bytes() == b"new"
    assert (target / layout.KEY_FILE).read_bytes() == b"new key"
    assert sorted(p.name for p in target.parent.iterdir()) == [target.name]


def test_settling_drops_a_delivery_the_bank_never_recorded(tmp_path: Path) -> None:
    media = MediaBay(tmp_path)
    target = _reissue_aside(media.root(Medium.HARD_DISK))
    assert settle_unconfirmed(media, lambda serial: False) == []
    assert (target / layout.CERT_FILE).read_bytes() == b"old"
    assert sorted(p.name for p in target.parent.iterdir()) == [target.name]


def test_a_marker_left_by_a_kill_before_the_rename_is_dropped(tmp_path: Path) -> None:
    user = tmp_path / "NPKI" / "yessign" / "USER"
    user.mkdir(parents=True)
    (user / ".unconfirmed-5.target").write_text("cn=x", encoding="utf-8")
    (user / ".unconfirmed-6.target").write_text("../../escape", encoding="utf-8")
    (aside,) = layout.unconfirmed(tmp_path)  # the one naming a path outside is not ours
    aside.complete()
    assert list(user.iterdir()) == []


def test_a_survey_leaves_a_write_in_progress_alone_and_sweeps_old_leftovers(
    tmp_path: Path,
) -> None:
    """The key is staged before the bank signs; a look at the media meanwhile (a list
    redrawn, another screen) must not take the staging directory for a leftover."""
    import os
    import time

    target = tmp_path / "NPKI" / "yessign" / "USER" / "cn=김민준()0990041202611220000001"
    young = layout.stage(target, {"signPri.key": b"key"})
    old = layout.stage(target.with_name("cn=other"), {"signPri.key": b"key"})
    long_ago = time.time() - layout.STAGING_LEFTOVER_SECONDS - 60
    os.utime(old.staging, (long_ago, long_ago))
    layout.sweep_staging(tmp_path)
    assert young.staging.is_dir() and not old.staging.exists()
    young.add({"signCert.der": b"cert"}, target).swap_in().finish()
    assert (target / "signCert.der").read_bytes() == b"cert"


def test_looking_at_the_media_sweeps_nothing_starting_and_inserting_do(tmp_path: Path) -> None:
    """A look at the media (a list drawn) may come while a write is staged: only the
    kiosk's start and a stick put in drop leftovers."""
    import os
    import time

    from kiosk.certs.found_certs import survey

    media = MediaBay(tmp_path)
    root = media.root(Medium.HARD_DISK)
    target = root / "NPKI" / "yessign" / "USER" / "cn=김민준()0990041202611220000001"
    old = layout.stage(target, {"signPri.key": b"key"})
    long_ago = time.time() - layout.STAGING_LEFTOVER_SECONDS - 60
    os.utime(old.staging, (long_ago, long_ago))
    survey(media)
    assert old.staging.is_dir()
    media.sweep_leftovers()
    assert not old.staging.exists()
