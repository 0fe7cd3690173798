"""v1 lists served whole: one JSON array, parsed as it streams in.

A walk is complete when the array's closing bracket arrived. If the transfer
breaks, the whole request is made again within the same retry budget: records
already yielded come again, and the engine writes a record seen twice once.
See docs/contifico-api.md, "v1 lists".
"""

import codecs
import json
import tempfile

import requests

from sync.client.errors import ContificoError, MalformedPage
from sync.client.paging import Page, check_records, records_of
from sync.client.threads import current_scope

READ_SIZE = 64 * 1024
SPOOL_IN_MEMORY = 1024 * 1024  # a downloaded body past this size waits on disk, not in memory


def iter_unpaged(transport, version, path, params=None, *, chunk_size=500, download=None):
    """Yield the collection in chunks of ``chunk_size`` records, without loading it all.

    ``download`` is the same request already made in the background
    (``sync.client.prefetch``): its body, read from disk, is the first attempt, and
    its retry budget is this call's. A body that does not parse is asked for
    again here, as a broken transfer would be.
    """
    endpoint = transport.endpoint(version, path)
    budget = download.budget if download is not None else transport.budget()
    while True:
        if download is not None:
            response, download = download.result(), None  # raises the download's own error
        else:
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
            failure = transfer_failure(exc, number, endpoint, params)
        finally:
            response.close()
        budget.spend(failure)


def transfer_failure(exc, chunks, endpoint, params):
    """Return the retryable error of a body whose transfer broke after ``chunks`` chunks."""
    return ContificoError(
        f"transfer failed after {chunks} chunk(s): {type(exc).__name__}: {exc}",
        endpoint=endpoint, params=params, status=200, retryable=True,
        timed_out=isinstance(exc, requests.Timeout),
    )


class SpooledBody:
    """A whole-list body already downloaded, read back like a streaming response."""

    def __init__(self, file):
        self.file = file

    def iter_content(self, chunk_size=READ_SIZE):
        while chunk := self.file.read(chunk_size):
            yield chunk

    def close(self):
        self.file.close()


def download(transport, version, path, params, budget):
    """Fetch a whole-list body into a temporary file; return it as a ``SpooledBody``.

    Memory stays flat whatever the list's size: past ``SPOOL_IN_MEMORY`` the body
    is on disk until the engine parses it with ``stream_json_array``. A transfer
    that breaks is made again within ``budget``, as ``iter_unpaged`` would.
    """
    scope = current_scope()
    while True:
        response = transport.open_stream(version, path, params, budget=budget)
        spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY)  # noqa: SIM115 - SpooledBody owns it
        try:
            for raw in response.iter_content(chunk_size=READ_SIZE):
                if scope is not None:
                    scope.check()
                spool.write(raw)
            spool.seek(0)
            return SpooledBody(spool)
        except requests.RequestException as exc:
            spool.close()
            failure = transfer_failure(exc, 0, transport.endpoint(version, path), params)
        except BaseException:
            spool.close()
            raise
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
    for raw in response.iter_content(chunk_size=READ_SIZE):
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
                    tail = b"".join(response.iter_content(READ_SIZE))
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
