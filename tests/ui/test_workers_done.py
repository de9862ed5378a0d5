"""The drivers' wait for the kiosk's workers (screens/demo/driver.py workers_done):
a worker cancelled while others still run (an exclusive worker replaced, a screen
closed under it) is an ended worker, not an error that stops a scenario — the
fleet test's eight headless kiosks once died of exactly that, mid-ARS."""

from __future__ import annotations

import asyncio

import pytest
from textual.app import App
from textual.worker import WorkerCancelled

from screens.demo.driver import workers_done


class _Two(App[None]):
    pass


async def test_a_cancelled_worker_does_not_stop_the_wait_for_the_others() -> None:
    app = _Two()
    finished: list[str] = []

    async def slow(name: str) -> None:
        await asyncio.sleep(0.3)
        finished.append(name)

    async with app.run_test() as pilot:
        replaced = app.run_worker(slow("replaced"), group="g")
        kept = app.run_worker(slow("kept"))
        await pilot.pause()
        replaced.cancel()
        with pytest.raises(WorkerCancelled):  # what Textual's own wait does
            await app.workers.wait_for_complete([replaced, kept])
        await workers_done(app)
        assert finished == ["kept"] and kept.is_finished
