"""One kiosk process, several threads on the books at once: the UI thread, an
issuing worker and the bank's timed jobs each run their own transactions."""

from __future__ import annotations

import threading
from pathlib import Path

from kiosk.storage.store import Store


def test_a_transaction_in_a_worker_does_not_nest_into_another_threads(tmp_path: Path) -> None:
    store = Store(tmp_path)
    inside, release = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            with store.transaction() as db:
                db.execute("INSERT INTO meta (key, value) VALUES ('worker', 'yes')")
                inside.set()
                release.wait(10)
        except BaseException as error:  # reported to the test below
            errors.append(error)

    thread = threading.Thread(target=worker)
    thread.start()
    assert inside.wait(10)
    # Uncommitted in the worker: this thread does not see it, nor write into it.
    assert store.meta("worker") is None
    release.set()
    with store.transaction():  # waits for the worker's commit, then its own
        store.set_meta("ui", "yes")
    thread.join(10)
    assert errors == []
    assert store.meta("worker") == "yes" and store.meta("ui") == "yes"
    store.close()


def test_each_thread_has_its_own_connection_and_it_goes_with_the_thread(
    tmp_path: Path,
) -> None:
    store = Store(tmp_path)
    seen: list[object] = []
    thread = threading.Thread(target=lambda: seen.append(store.db))
    thread.start()
    thread.join(10)
    assert seen and seen[0] is not store.db
    store.close()
