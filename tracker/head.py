"""HEAD answered wherever GET is: the same status and headers, no body.

Views declare GET only (`require_GET`, django-ninja's `api.get`), which on their own
answer HEAD with 405 and break uptime monitors and link checkers. This middleware runs
a HEAD request as a GET and drops the body on the way out, keeping the Content-Length
the GET would have sent (RFC 9110, section 9.3.2).
"""


class HeadMiddleware:
    """Serve HEAD as GET without the body; put it near the top of MIDDLEWARE."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method != "HEAD":
            return self.get_response(request)
        request.method = "GET"
        request.META["REQUEST_METHOD"] = "GET"
        try:
            response = self.get_response(request)
        finally:
            request.method = "HEAD"
            request.META["REQUEST_METHOD"] = "HEAD"
        return without_body(response)


def without_body(response):
    """The response with its body dropped and its headers as they were."""
    if response.streaming:
        # Never read; the server's response.close() still closes the original iterator
        # (and any file or cursor behind it).
        response.streaming_content = []
        return response
    if "Content-Length" not in response:
        response["Content-Length"] = str(len(response.content))
    length = response["Content-Length"]
    response.content = b""
    response["Content-Length"] = length
    return response
