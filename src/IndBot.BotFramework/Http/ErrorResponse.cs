using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace IndBot.BotFramework.Http;

/// <summary>
/// A short error with its status, written as <c>{"error":{"code":…,"message":…}}</c> (the Connector's and Direct Line's
/// ErrorResponse shape): the one error writer of <c>/api/messages</c> and Direct Line.
/// </summary>
public sealed record ErrorResponse(int StatusCode, string Code, string Message) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        return WriteAsync(httpContext.Response, httpContext.RequestAborted);
    }

    public async Task WriteAsync(HttpResponse httpResponse, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpResponse);
        httpResponse.StatusCode = StatusCode;
        httpResponse.ContentType = "application/json; charset=utf-8";
        using var buffer = new MemoryStream();
        await using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("error");
            writer.WriteString("code", Code);
            writer.WriteString("message", Message);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        await httpResponse.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), cancellationToken).ConfigureAwait(false);
    }
}
