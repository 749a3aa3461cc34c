using System.Buffers;
using Microsoft.AspNetCore.Http;

namespace IndBot.BotFramework.Http;

/// <summary>The bounded body reader of <c>/api/messages</c> and Direct Line: the same limits give the same short errors on both.</summary>
public static class RequestBody
{
    /// <summary>
    /// Reads at most <paramref name="maxBytes"/> bytes: the body, or the error to answer with (413 over the limit, announced
    /// or not; Kestrel's 408 or 400 for a stalled or malformed body).
    /// </summary>
    public static async Task<(byte[] Body, ErrorResponse? Error)> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);
        if (request.ContentLength > maxBytes)
        {
            return ([], TooLarge(maxBytes));
        }

        // With a Content-Length (channels send one) read exactly that, one read for a usual activity; one byte more tells
        // a body longer than announced. Without one (chunked), read up to the limit.
        var buffer = ArrayPool<byte>.Shared.Rent(request.ContentLength is { } length and >= 0 ? (int)length + 1 : maxBytes + 1);
        try
        {
            var total = 0;
            while (total <= maxBytes)
            {
                if (total == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, maxBytes + 1));
                    buffer.AsSpan(0, total).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await request.Body.ReadAsync(buffer.AsMemory(total, Math.Min(buffer.Length, maxBytes + 1) - total), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                total += read;
            }

            return total > maxBytes ? ([], TooLarge(maxBytes)) : (buffer.AsSpan(0, total).ToArray(), null);
        }
        catch (BadHttpRequestException ex)
        {
            // Kestrel gave up on the body (too slow: 408, malformed chunking: 400) and answers with that status: an
            // expected outcome for a bad client, not an error of ours.
            return ([], new ErrorResponse(ex.StatusCode, "BadRequestBody", "The request body could not be read."));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static ErrorResponse TooLarge(int maxBytes) =>
        new(StatusCodes.Status413PayloadTooLarge, "PayloadTooLarge", $"The request body exceeds {maxBytes} bytes.");
}
