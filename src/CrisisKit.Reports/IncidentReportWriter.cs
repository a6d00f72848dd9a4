using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using CrisisKit.Evaluation;
using CrisisKit.Text;

namespace CrisisKit.Reports;

/// <summary>
/// Renders an <see cref="IncidentReport"/> as JSON (the stable shape documented in <c>docs/evaluation.md</c>), as
/// Markdown, and as one self-contained HTML page (no external scripts, styles or fonts) with SVG charts: volume and
/// sentiment over time with markers for onset, detection, acknowledgement, first response and resolution, and the
/// escalation timeline. Labels in English or Greek.
/// </summary>
public static class IncidentReportWriter
{
    private const int Width = 960;
    private const int Left = 72;
    private const int Right = 16;
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The report's labels, one embedded file per language (<c>Labels/{language}.labels.txt</c>).</summary>
    internal static MessageCatalog Labels { get; } = MessageCatalog.Load(typeof(IncidentReportWriter).Assembly, "CrisisKit.Reports.Labels.", ".labels.txt");

    /// <summary>The report as JSON.</summary>
    /// <param name="report">The report.</param>
    /// <returns>Indented JSON, camelCase, enums as names, durations as <c>[d.]hh:mm:ss</c>.</returns>
    public static string ToJson(IncidentReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return JsonSerializer.Serialize(report, ReportJsonContext.Default.IncidentReport);
    }

    /// <summary>The report as Markdown.</summary>
    /// <param name="report">The report.</param>
    /// <returns>The Markdown text.</returns>
    public static string ToMarkdown(IncidentReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var l = LabelsFor(report.Language);
        var e = report.Evaluation;
        var md = new StringBuilder();
        md.Append(Inv, $"# {l("title")}: {report.Subject} — {report.IncidentId}\n\n");
        md.Append(Inv, $"{report.Summary}\n\n");
        md.Append(Inv, $"**{l("severity")}:** {report.Severity}{Assessed(report, l)}");
        if (report.ProtocolId is not null)
        {
            md.Append(Inv, $" · protocol `{report.ProtocolId}`");
        }

        md.Append("\n\n");
        foreach (var f in report.SeverityFactors)
        {
            md.Append(Inv, $"- {f.Description}{(f.Points > 0 ? $" (+{f.Points:0})" : "")}\n");
        }

        md.Append(Inv, $"\n## {l("metrics")}\n\n| | |\n|---|---|\n");
        md.Append(Inv, $"| {l("onset")} | {e.Onset:yyyy-MM-dd HH:mm} UTC ({e.OnsetSource.ToId()}) |\n");
        md.Append(Inv, $"| {l("ttd")} | {Duration(e.TimeToDetect)} |\n");
        md.Append(Inv, $"| {l("tta")} | {Duration(e.TimeToAcknowledge) ?? l("none")} |\n");
        md.Append(Inv, $"| {l("ttr")} | {Duration(e.TimeToFirstResponse) ?? l("none")} |\n");
        md.Append(Inv, $"| {l("ttx")} | {Duration(e.TimeToResolve) ?? l("none")} |\n");
        md.Append(Inv, $"| {l("steps")} | {e.EscalationStepsNeeded} |\n");
        md.Append(Inv, $"| {l("peak")} | {e.PeakVolume}{(e.PeakVolumeAt is { } peakAt ? $" ({peakAt:HH:mm})" : "")} |\n");
        md.Append(Inv, $"| {l("recovery")} | {(e.SentimentRecovery.RecoveryTime is { } rt ? Duration(rt) : l("not-recovered"))} |\n");
        if (e.Deadlines.Count > 0)
        {
            md.Append(Inv, $"\n## {l("deadlines")}\n\n");
            foreach (var d in e.Deadlines)
            {
                md.Append(Inv, $"- {d.Name} due {d.Due:HH:mm}: {(d.Met ? l("met") : l("missed"))}{(d.Margin is { } m ? $" ({Margin(m)})" : "")}\n");
            }
        }

        md.Append(Inv, $"\n## {l("findings")}\n\n");
        foreach (var f in e.Findings)
        {
            md.Append(Inv, $"- **{(f.Kind == FindingKind.WentWell ? l("went-well") : l("to-improve"))}:** {f.Text}\n");
        }

        md.Append(Inv, $"\n## {l("escalation")}\n\n");
        foreach (var t in report.Timeline)
        {
            md.Append(Inv, $"- {t.At:yyyy-MM-dd HH:mm} {t.Kind}: {t.Text}\n");
        }

        return md.ToString();
    }

    /// <summary>The report as one self-contained HTML page with inline SVG charts.</summary>
    /// <param name="report">The report.</param>
    /// <returns>The HTML text.</returns>
    public static string ToHtml(IncidentReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var l = LabelsFor(report.Language);
        var e = report.Evaluation;
        var html = new StringBuilder();
        html.Append(Inv, $$"""
            <!DOCTYPE html>
            <html lang="{{report.Language}}">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{{H(l("title"))}}: {{H(report.Subject)}} {{H(report.IncidentId)}}</title>
            <style>
            body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2rem auto; max-width: 1000px; color: #1d2433; }
            h1 { font-size: 1.5rem; } h2 { font-size: 1.15rem; margin-top: 2rem; }
            .severity { display: inline-block; padding: .1rem .6rem; border-radius: .8rem; background: #fde2e1; color: #8a1c16; font-weight: 600; }
            table { border-collapse: collapse; } td { padding: .2rem .8rem .2rem 0; vertical-align: top; }
            .went-well { color: #1f6f3c; } .to-improve { color: #9a3b00; }
            svg { display: block; background: #fafbfc; border: 1px solid #e3e6ea; margin: .5rem 0; }
            .axis { stroke: #9aa3ad; stroke-width: 1; } .grid { stroke: #e3e6ea; }
            .tick { font-size: 11px; fill: #5b6570; }
            .volume { fill: #cfe0f5; stroke: #2f6db3; stroke-width: 1.2; }
            .sentiment { fill: none; stroke: #6b3fa0; stroke-width: 1.4; }
            .band { fill: #e6f4ea; }
            .marker { stroke-width: 1.6; stroke-dasharray: 4 3; }
            text.marker-label { font-size: 11px; font-weight: 600; stroke: none; }
            .m-onset { stroke: #c0392b; fill: #c0392b; } .m-detection { stroke: #d35400; fill: #d35400; }
            .m-acknowledged { stroke: #2471a3; fill: #2471a3; } .m-first-response { stroke: #1e8449; fill: #1e8449; }
            .m-resolved { stroke: #555; fill: #555; }
            .event { stroke: #fff; stroke-width: 1; }
            </style>
            </head>
            <body>
            <h1>{{H(l("title"))}}: {{H(report.Subject)}}</h1>
            <p><code>{{H(report.IncidentId)}}</code> · {{H(l("severity"))}} <span class="severity">{{report.Severity}}</span>{{H(Assessed(report, l))}}{{(report.ProtocolId is null ? "" : $" · protocol <code>{H(report.ProtocolId)}</code>")}}</p>
            <p>{{H(report.Summary)}}</p>
            <ul>
            """);
        foreach (var f in report.SeverityFactors)
        {
            html.Append(Inv, $"<li>{H(f.Description)}{(f.Points > 0 ? $" (+{f.Points:0})" : "")}</li>\n");
        }

        html.Append("</ul>\n");
        var (from, to) = Range(report);
        html.Append(Inv, $"<h2>{H(l("volume"))}</h2>\n");
        html.Append(VolumeChart(report, from, to, l));
        html.Append(Inv, $"<h2>{H(l("sentiment"))}</h2>\n");
        html.Append(SentimentChart(report, from, to, l));
        html.Append(Inv, $"<h2>{H(l("escalation"))}</h2>\n");
        html.Append(EscalationChart(report, from, to, l));
        html.Append(Inv, $"<h2>{H(l("metrics"))}</h2>\n<table>\n");
        void Row(string label, string? value) => html.Append(Inv, $"<tr><td>{H(label)}</td><td>{H(value ?? l("none"))}</td></tr>\n");
        Row(l("onset"), $"{e.Onset:yyyy-MM-dd HH:mm} UTC ({e.OnsetSource.ToId()})");
        Row(l("ttd"), Duration(e.TimeToDetect));
        Row(l("tta"), Duration(e.TimeToAcknowledge));
        Row(l("ttr"), Duration(e.TimeToFirstResponse));
        Row(l("ttx"), Duration(e.TimeToResolve));
        Row(l("steps"), e.EscalationStepsNeeded.ToString(Inv));
        Row(l("peak"), e.PeakVolume.ToString(Inv));
        Row(l("recovery"), e.SentimentRecovery.RecoveryTime is { } rt ? Duration(rt) : l("not-recovered"));
        foreach (var d in e.Deadlines)
        {
            Row($"{l("deadlines")}: {d.Name} ({d.Due:HH:mm})", (d.Met ? l("met") : l("missed")) + (d.Margin is { } m ? $" ({Margin(m)})" : ""));
        }

        html.Append(Inv, $"</table>\n<h2>{H(l("findings"))}</h2>\n<ul>\n");
        foreach (var f in e.Findings)
        {
            var kind = f.Kind == FindingKind.WentWell ? "went-well" : "to-improve";
            html.Append(Inv, $"<li class=\"{kind}\"><strong>{H(l(kind))}:</strong> {H(f.Text)}</li>\n");
        }

        html.Append("</ul>\n");
        html.Append("""
            <script>
            // Records what rendered, for tests and for anyone checking the page: markers with a non-empty box, and script errors.
            (function () {
              var errors = [];
              window.addEventListener('error', function (e) { errors.push(String(e.message)); });
              var rendered = [];
              document.querySelectorAll('[data-marker]').forEach(function (m) {
                var box = m.getBBox();
                if (box.height > 0 || box.width > 0) { rendered.push(m.id); }
              });
              document.documentElement.setAttribute('data-rendered-markers', rendered.join(' '));
              document.documentElement.setAttribute('data-errors', errors.join(' | '));
            })();
            </script>
            </body>
            </html>

            """);
        return html.ToString();
    }

    /// <summary>Writes <c>&lt;incident&gt;.json</c>, <c>.md</c> and <c>.html</c> into <paramref name="directory"/>.</summary>
    /// <param name="report">The report.</param>
    /// <param name="directory">The directory (created if missing).</param>
    /// <returns>The path of the HTML page.</returns>
    public static string WriteAll(IncidentReport report, string directory)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory.CreateDirectory(directory);
        var name = string.Concat(report.IncidentId.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' ? c : '_'));
        File.WriteAllText(Path.Combine(directory, name + ".json"), ToJson(report));
        File.WriteAllText(Path.Combine(directory, name + ".md"), ToMarkdown(report));
        var html = Path.Combine(directory, name + ".html");
        File.WriteAllText(html, ToHtml(report));
        return html;
    }

    private static Func<string, string> LabelsFor(string language)
    {
        return key => Labels.Get(language, key);
    }

    private static string Assessed(IncidentReport report, Func<string, string> l) =>
        report.SeverityAssessedAt is { } at ? string.Create(Inv, $" ({l("assessed")} {at:yyyy-MM-dd HH:mm} UTC)") : "";

    private static string H(string? text) => WebUtility.HtmlEncode(text ?? "");

    private static string? Duration(TimeSpan? span) => span is not { } s ? null
        : s.TotalDays >= 1 ? s.ToString(@"d\d\ hh\h\ mm\m", Inv)
        : s.TotalHours >= 1 ? s.ToString(@"h\h\ mm\m", Inv)
        : s.ToString(@"m\m\ ss\s", Inv);

    private static string Margin(TimeSpan margin) => margin >= TimeSpan.Zero ? $"{Duration(margin)} early" : $"{Duration(-margin)} late";

    private static (DateTimeOffset From, DateTimeOffset To) Range(IncidentReport report)
    {
        var times = report.Series.Select(p => p.Start).Concat(report.Markers.Select(m => m.At)).Concat(report.Timeline.Select(t => t.At)).ToList();
        if (times.Count == 0)
        {
            var now = report.Evaluation.OpenedAt;
            return (now.AddHours(-1), now.AddHours(1));
        }

        var from = times.Min();
        var to = times.Max();
        return to > from ? (from, to) : (from.AddMinutes(-30), to.AddMinutes(30));
    }

    private static double X(DateTimeOffset at, DateTimeOffset from, DateTimeOffset to) =>
        Left + ((Width - Left - Right) * (at - from).TotalSeconds / Math.Max(1, (to - from).TotalSeconds));

    private static string F(double value) => value.ToString("0.#", Inv);

    private static void Axis(StringBuilder svg, DateTimeOffset from, DateTimeOffset to, int height, int bottom)
    {
        svg.Append(Inv, $"<line class=\"axis\" x1=\"{Left}\" y1=\"{height - bottom}\" x2=\"{Width - Right}\" y2=\"{height - bottom}\"/>\n");
        var span = to - from;
        var step = span.TotalHours > 48 ? TimeSpan.FromHours(12) : span.TotalHours > 12 ? TimeSpan.FromHours(3) : span.TotalHours > 3 ? TimeSpan.FromHours(1) : TimeSpan.FromMinutes(15);
        var tick = new DateTimeOffset(from.UtcTicks - (from.UtcTicks % step.Ticks) + step.Ticks, TimeSpan.Zero);
        for (; tick <= to; tick += step)
        {
            var x = X(tick, from, to);
            if (x > Width - Right - 30)
            {
                break;
            }

            svg.Append(Inv, $"<line class=\"grid\" x1=\"{F(x)}\" y1=\"8\" x2=\"{F(x)}\" y2=\"{height - bottom}\"/>");
            svg.Append(Inv, $"<text class=\"tick\" x=\"{F(x)}\" y=\"{height - bottom + 14}\" text-anchor=\"middle\">{tick:ddd HH:mm}</text>\n");
        }
    }

    private static void Markers(StringBuilder svg, IncidentReport report, DateTimeOffset from, DateTimeOffset to, int height, int bottom, string chart, Func<string, string> l)
    {
        var row = 0;
        foreach (var marker in report.Markers.OrderBy(m => m.At))
        {
            var x = X(marker.At, from, to);
            svg.Append(Inv, $"<line class=\"marker m-{marker.Id}\" id=\"{chart}-marker-{marker.Id}\" data-marker=\"{marker.Id}\" x1=\"{F(x)}\" y1=\"8\" x2=\"{F(x)}\" y2=\"{height - bottom}\"><title>{H(l(marker.Id))} {marker.At:yyyy-MM-dd HH:mm} UTC</title></line>");
            var nearRight = x > Width - Right - 90;
            svg.Append(Inv, $"<text class=\"marker-label m-{marker.Id}\" x=\"{F(nearRight ? x - 3 : x + 3)}\" y=\"{18 + (12 * (row++ % 5))}\" text-anchor=\"{(nearRight ? "end" : "start")}\">{H(l(marker.Id))}</text>\n");
        }
    }

    private static string VolumeChart(IncidentReport report, DateTimeOffset from, DateTimeOffset to, Func<string, string> l)
    {
        const int height = 240;
        const int bottom = 24;
        var svg = new StringBuilder();
        svg.Append(Inv, $"<svg id=\"volume-chart\" role=\"img\" aria-label=\"{H(l("volume"))}\" viewBox=\"0 0 {Width} {height}\" width=\"{Width}\" height=\"{height}\" xmlns=\"http://www.w3.org/2000/svg\">\n");
        Axis(svg, from, to, height, bottom);
        var max = Math.Max(1, report.Series.Count == 0 ? 1 : report.Series.Max(p => p.Mentions));
        double Y(double v) => (height - bottom) - ((height - bottom - 12) * v / max);
        svg.Append(Inv, $"<text class=\"tick\" x=\"{Left - 6}\" y=\"{F(Y(max) + 4)}\" text-anchor=\"end\">{max}</text><text class=\"tick\" x=\"{Left - 6}\" y=\"{height - bottom}\" text-anchor=\"end\">0</text>\n");
        if (report.Series.Count > 0)
        {
            var points = new StringBuilder();
            points.Append(Inv, $"{F(X(report.Series[0].Start, from, to))},{height - bottom} ");
            foreach (var p in report.Series)
            {
                points.Append(Inv, $"{F(X(p.Start, from, to))},{F(Y(p.Mentions))} ");
            }

            points.Append(Inv, $"{F(X(report.Series[^1].Start, from, to))},{height - bottom}");
            svg.Append(Inv, $"<polygon class=\"volume\" id=\"volume-series\" points=\"{points}\"/>\n");
        }

        Markers(svg, report, from, to, height, bottom, "volume", l);
        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private static string SentimentChart(IncidentReport report, DateTimeOffset from, DateTimeOffset to, Func<string, string> l)
    {
        const int height = 200;
        const int bottom = 24;
        var svg = new StringBuilder();
        svg.Append(Inv, $"<svg id=\"sentiment-chart\" role=\"img\" aria-label=\"{H(l("sentiment"))}\" viewBox=\"0 0 {Width} {height}\" width=\"{Width}\" height=\"{height}\" xmlns=\"http://www.w3.org/2000/svg\">\n");
        double Y(double v) => 8 + ((height - bottom - 8) * (1 - ((v + 1) / 2)));
        var recovery = report.Evaluation.SentimentRecovery;
        if (recovery.BandLow is { } low && recovery.BandHigh is { } high)
        {
            svg.Append(Inv, $"<rect class=\"band\" id=\"sentiment-band\" x=\"{Left}\" y=\"{F(Y(high))}\" width=\"{Width - Left - Right}\" height=\"{F(Y(low) - Y(high))}\"/>\n");
        }

        Axis(svg, from, to, height, bottom);
        foreach (var v in new[] { -1.0, 0.0, 1.0 })
        {
            svg.Append(Inv, $"<line class=\"grid\" x1=\"{Left}\" y1=\"{F(Y(v))}\" x2=\"{Width - Right}\" y2=\"{F(Y(v))}\"/><text class=\"tick\" x=\"{Left - 6}\" y=\"{F(Y(v) + 4)}\" text-anchor=\"end\">{v:+0;-0;0}</text>\n");
        }

        // Hourly means read better than noisy 5-minute ones.
        var hourly = report.Series.Where(p => p.MeanSentiment is not null)
            .GroupBy(p => new DateTimeOffset(p.Start.UtcTicks - (p.Start.UtcTicks % TimeSpan.TicksPerHour), TimeSpan.Zero))
            .Select(g => (At: g.Key.AddMinutes(30), Mean: g.Sum(p => p.MeanSentiment!.Value * p.Mentions) / Math.Max(1, g.Sum(p => p.Mentions))))
            .OrderBy(p => p.At).ToList();
        if (hourly.Count > 0)
        {
            svg.Append(Inv, $"<polyline class=\"sentiment\" id=\"sentiment-series\" points=\"{string.Join(" ", hourly.Select(p => $"{F(X(p.At, from, to))},{F(Y(p.Mean))}"))}\"/>\n");
        }

        Markers(svg, report, from, to, height, bottom, "sentiment", l);
        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private static string EscalationChart(IncidentReport report, DateTimeOffset from, DateTimeOffset to, Func<string, string> l)
    {
        var steps = report.Timeline.Where(t => t.Kind == "notified" && t.Step >= 0).Select(t => t.Step).DefaultIfEmpty(0).Max() + 1;
        var rows = new List<(string Label, Func<ReportTimelineEntry, bool> Match, string Color)>();
        for (var s = 0; s < steps; s++)
        {
            var step = s;
            rows.Add(($"step {s + 1}", t => t.Kind == "notified" && t.Step == step, "#2f6db3"));
        }

        rows.Add(("deadlines", t => t.Kind is "deadline-reminder" or "deadline-breached" || (t.Kind == "notified" && t.Step < 0), "#b9770e"));
        rows.Add(("failures", t => t.Kind == "notification-failed", "#922b21"));
        rows.Add(("people", t => t.Kind is "acknowledged" or "statement" or "status" or "note" or "approval", "#1e8449"));
        var height = 36 + (rows.Count * 22) + 24;
        const int bottom = 24;
        var svg = new StringBuilder();
        svg.Append(Inv, $"<svg id=\"escalation-chart\" role=\"img\" aria-label=\"{H(l("escalation"))}\" viewBox=\"0 0 {Width} {height}\" width=\"{Width}\" height=\"{height}\" xmlns=\"http://www.w3.org/2000/svg\">\n");
        Axis(svg, from, to, height, bottom);
        for (var r = 0; r < rows.Count; r++)
        {
            var y = 36 + (r * 22);
            svg.Append(Inv, $"<text class=\"tick\" x=\"{Left - 6}\" y=\"{y + 4}\" text-anchor=\"end\">{H(rows[r].Label)}</text>\n");
            foreach (var entry in report.Timeline.Where(rows[r].Match))
            {
                svg.Append(Inv, $"<circle class=\"event\" data-kind=\"{entry.Kind}\" cx=\"{F(X(entry.At, from, to))}\" cy=\"{y}\" r=\"5\" fill=\"{rows[r].Color}\"><title>{entry.At:yyyy-MM-dd HH:mm} {H(entry.Kind)}: {H(entry.Text)}</title></circle>\n");
            }
        }

        Markers(svg, report, from, to, height, bottom, "escalation", l);
        svg.Append("</svg>\n");
        return svg.ToString();
    }
}

/// <summary>Source-generated JSON contracts of reports.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true, WriteIndented = true)]
[JsonSerializable(typeof(IncidentReport))]
internal sealed partial class ReportJsonContext : JsonSerializerContext;
