using System.Reflection;

namespace IndBot.Staff;

/// <summary>Everything under <c>/staff</c>; the group carries the staff policy, so no endpoint here is anonymous.</summary>
public static class StaffEndpoints
{
    public static void Map(RouteGroupBuilder staff)
    {
        ArgumentNullException.ThrowIfNull(staff);
        staff.MapGet("/", (HttpContext http) => StaffPage.Render(http, "", "Test pane", "<p>Ask a question as a visitor would.</p>"));
        staff.MapGet("/assets/{file:regex(^[a-z-]+\\.(js|css)$)}", (string file, HttpResponse response) => Asset(file, response));
    }

    private static IResult Asset(string file, HttpResponse response)
    {
        var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("IndBot.Staff.Assets." + file);
        if (stream is null)
        {
            return Results.NotFound();
        }

        response.Headers.CacheControl = "no-cache";
        response.Headers.XContentTypeOptions = "nosniff";
        return Results.Stream(stream, file.EndsWith(".js", StringComparison.Ordinal) ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8");
    }
}

internal static class StaffServiceCollectionExtensions
{
    public static IServiceCollection AddStaffServices(this IServiceCollection services) => services;
}
