"""Bounds on what one request may ask of the server, and the middleware that guards every
response (body size, security headers).

The explorer is meant for one person on their own machine (it binds to 127.0.0.1), but even
there a slip of the keyboard should not freeze it: every request body, grid, draw count and
list of values is bounded. ``docs/web.md`` lists these numbers; change them here only.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

#: Largest request body accepted, in bytes (413 above it).
MAX_BODY_BYTES = 256 * 1024
#: Largest scenario TOML accepted, in characters.
MAX_SCENARIO_CHARS = 64 * 1024
#: Points per axis of an equilibrium map, and points in the whole grid.
MAX_MAP_AXIS = 200
MAX_MAP_POINTS = 40_000
#: Points of a map solved for perfect Bayesian equilibria (a search over strategy profiles
#: at every point: tens of milliseconds per point on the larger models).
MAX_MAP_POINTS_PBE = 625
#: Terminal nodes of a game tree drawn on a model page (larger trees are listed, not drawn).
MAX_TREE_TERMINALS = 60
#: Judgements set in one request of the scenario form (a scenario has a few dozen at most).
MAX_FORM_VALUES = 200
#: Monte Carlo draws of one scenario analysis.
MAX_DRAWS = 50_000
#: Extra interventions named in one analysis request.
MAX_INTERVENTIONS = 10
#: Scenario analyses running at once (a further request gets 429 until one finishes).
MAX_RUNNING_JOBS = 2
#: Finished analyses kept in memory for their report page (oldest dropped first).
MAX_KEPT_JOBS = 32
#: Values in one list input (attack sizes of the missile-defense calculator).
MAX_LIST_VALUES = 200
#: Attack sizes per direction in the counterforce-exchange calculator.
MAX_EXCHANGE_POINTS = 41
#: Logit precision of a QRE solve.
MAX_LAMBDA = 1_000.0


class BodySizeLimit:
    """ASGI middleware: refuse request bodies larger than ``max_bytes`` with 413.

    Checks the declared ``Content-Length``; a body sent without one (chunked) is read here up
    to the limit and then handed on to the app.
    """

    def __init__(self, app: ASGIApp, max_bytes: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None:
            try:
                too_big = int(declared) > self.max_bytes
            except ValueError:
                too_big = True
            if too_big:
                await self._refuse(send)
                return
        if declared is None and scope.get("method") in ("POST", "PUT", "PATCH"):
            # no declared length (chunked): read the body here, up to the limit, then replay it
            chunks: list[bytes] = []
            size, more = 0, True
            while more:
                message = await receive()
                if message["type"] != "http.request":
                    break
                chunks.append(message.get("body", b""))
                size += len(chunks[-1])
                more = message.get("more_body", False)
                if size > self.max_bytes:
                    await self._refuse(send)
                    return
            body = b"".join(chunks)
            replayed = False

            async def replay() -> Message:
                nonlocal replayed
                if not replayed:
                    replayed = True
                    return {"type": "http.request", "body": body, "more_body": False}
                return await receive()

            await self.app(scope, replay, send)
            return
        await self.app(scope, receive, send)

    async def _refuse(self, send: Send) -> None:
        body = (
            b'{"detail":"request body too large: the limit is '
            + str(self.max_bytes).encode()
            + b' bytes"}'
        )
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


class SecurityHeaders:
    """ASGI middleware: ``nosniff``, same-origin framing and no referrer on every response."""

    HEADERS = (
        (b"x-content-type-options", b"nosniff"),
        (b"x-frame-options", b"SAMEORIGIN"),
        (b"referrer-policy", b"no-referrer"),
    )

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in self.HEADERS if k not in present]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, with_headers)
