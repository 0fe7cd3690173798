"""v1 lists served whole: one JSON array, parsed as it streams in.

A walk is complete when the array's closing bracket arrived. If the transfer
breaks, the whole request is made again within the same retry budget: records
already yielded come again, and the engine writes a record seen twice once.
See docs/contifico-api.md, "v1 lists".
"""

import codecs
import json

import requests

from sync.client.errors import ContificoError, MalformedPage
from sync.client.paging import Page, check_records, records_of


def iter_unpaged(transport, version, path, params=None, *, chunk_size=500):
    """Yield the collection in chunks of ``chunk_size`` records, without loading it all."""
    endpoint = transport.endpoint(version, path)
    budget = transport.budget()
    while True:
        response = transport.open_stream(version, path, params, budget=budget)
        number = 0
        try:
            for records in stream_json_array(response, chunk_size, endpoint):
                number += 1
                yield Page(records=records, number=number)
            return
        except MalformedPage as exc:
            failure = exc
        except (requests.RequestException, ValueError) as exc:
            failure = ContificoError(
                f"transfer failed after {number} chunk(s): {type(exc).__name__}: {exc}",
                endpoint=endpoint, params=params, status=200, retryable=True,
                timed_out=isinstance(exc, requests.Timeout),
            )
        finally:
            response.close()
        budget.spend(failure)


def stream_json_array(response, chunk_size, endpoint):
    """Yield lists of up to ``chunk_size`` items of a JSON array body, parsed as it streams.

    An envelope (``{"results": …}``) cannot be streamed; it is read whole.
    Raises ValueError when the body is not JSON or ends before ``]``.
    """
    decoder = json.JSONDecoder()
    utf8 = codecs.getincrementaldecoder("utf-8")("replace")
    buffer, pos, started, batch = "", 0, False, []
    for raw in response.iter_content(chunk_size=64 * 1024):
        buffer = buffer[pos:] + utf8.decode(raw)
        pos = 0
        while True:
            while pos < len(buffer) and buffer[pos] in " \t\r\n,":
                if buffer[pos] == "," and not started:
                    raise ValueError("body does not start with a JSON array")
                pos += 1
            if pos >= len(buffer):
                break
            if not started:
                if buffer[pos] == "{":
                    tail = b"".join(response.iter_content(64 * 1024))
                    body = json.loads(buffer[pos:] + utf8.decode(tail, final=True))
                    if isinstance(body, dict) and body.get("next"):
                        # A paged envelope where the whole list was expected: taking
                        # page 1 as everything would mark the rest deleted.
                        raise MalformedPage(
                            "a paged envelope (with 'next') where the whole list was expected",
                            endpoint=endpoint, status=200,
                        )
                    yield records_of(check_records(body, endpoint))
                    return
                if buffer[pos] != "[":
                    raise ValueError(f"body is not JSON: {buffer[pos:pos + 80]!r}")
                started = True
                pos += 1
                continue
            if buffer[pos] == "]":
                if batch:
                    yield batch
                return
            try:
                item, pos = decoder.raw_decode(buffer, pos)
            except ValueError:
                break  # the item continues in the next chunk
            batch.append(item)
            if len(batch) >= chunk_size:
                yield batch
                batch = []
    raise ValueError("the JSON array ended before its closing bracket")
