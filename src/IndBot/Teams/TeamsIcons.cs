namespace IndBot.Teams;

/// <summary>The two icons Teams requires, drawn in code: a speech bubble, in IND blue (color) and white on transparent (outline).</summary>
public static class TeamsIcons
{
    private static readonly (byte R, byte G, byte B, byte A) IndBlue = (0x15, 0x42, 0x73, 0xFF);
    private static readonly (byte R, byte G, byte B, byte A) White = (0xFF, 0xFF, 0xFF, 0xFF);
    private static readonly (byte R, byte G, byte B, byte A) Transparent = (0, 0, 0, 0);

    /// <summary>192×192, full colour: a white speech bubble on IND blue.</summary>
    public static byte[] Color() => PngEncoder.Encode(192, 192, (x, y) => InBubble(x / 192.0, y / 192.0, inset: 0) ? White : IndBlue);

    /// <summary>32×32, white on transparent: the outline of the same bubble (Teams requires only white and transparency).</summary>
    public static byte[] Outline() => PngEncoder.Encode(32, 32, (x, y) =>
    {
        double u = (x + 0.5) / 32.0, v = (y + 0.5) / 32.0;
        return InBubble(u, v, inset: 0) && !InBubble(u, v, inset: 0.09) ? White : Transparent;
    });

    /// <summary>A rounded rectangle with a tail at the lower left, in unit coordinates; inset shrinks it for outlines.</summary>
    private static bool InBubble(double u, double v, double inset)
    {
        const double left = 0.18, right = 0.82, top = 0.22, bottom = 0.66, radius = 0.12;
        double l = left + inset, r = right - inset, t = top + inset, b = bottom - inset, rad = Math.Max(0.01, radius - inset);
        if (u >= l && u <= r && v >= t && v <= b)
        {
            var cx = Math.Clamp(u, l + rad, r - rad);
            var cy = Math.Clamp(v, t + rad, b - rad);
            return ((u - cx) * (u - cx)) + ((v - cy) * (v - cy)) <= rad * rad;
        }

        // The tail: a triangle below the bubble.
        if (inset == 0 && v > bottom && v <= 0.82)
        {
            var depth = (v - bottom) / (0.82 - bottom);
            return u >= 0.30 && u <= 0.30 + (0.16 * (1 - depth));
        }

        return false;
    }
}
