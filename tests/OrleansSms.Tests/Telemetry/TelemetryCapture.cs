using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;

namespace OrleansSms.Tests.Telemetry;

/// <summary>
/// Everything the silo says, as a log provider, a trace listener and a metrics listener would see
/// it: every log line at every level (message, structured values, exception, scopes), every span
/// of every source when it ends (display name, tags, events, baggage, status) and every
/// measurement's tags. Texts only: the test searches them for secrets.
/// </summary>
public sealed class TelemetryCapture : ILoggerProvider, ISupportExternalScope, IDisposable
{
    private readonly ActivityListener _activities;
    private readonly MeterListener _meters;
    private IExternalScopeProvider? _scopes;

    public TelemetryCapture()
    {
        _activities = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = Record,
        };
        ActivitySource.AddActivityListener(_activities);

        _meters = new MeterListener { InstrumentPublished = (instrument, listener) => listener.EnableMeasurementEvents(instrument) };
        _meters.SetMeasurementEventCallback<long>((i, _, tags, _) => Record(i, tags));
        _meters.SetMeasurementEventCallback<int>((i, _, tags, _) => Record(i, tags));
        _meters.SetMeasurementEventCallback<double>((i, _, tags, _) => Record(i, tags));
        _meters.SetMeasurementEventCallback<float>((i, _, tags, _) => Record(i, tags));
        _meters.SetMeasurementEventCallback<decimal>((i, _, tags, _) => Record(i, tags));
        _meters.SetMeasurementEventCallback<short>((i, _, tags, _) => Record(i, tags));
        _meters.SetMeasurementEventCallback<byte>((i, _, tags, _) => Record(i, tags));
        _meters.Start();
    }

    public ConcurrentQueue<string> Logs { get; } = new();

    public ConcurrentQueue<CapturedSpan> Spans { get; } = new();

    /// <summary>Instrument name → tag texts seen (deduplicated).</summary>
    public ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> MetricTags { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    /// <summary>Every captured text with where it came from, for the failure message.</summary>
    public IEnumerable<(string Where, string Text)> AllTexts()
    {
        foreach (var line in Logs)
        {
            yield return ("log", line);
        }

        foreach (var span in Spans)
        {
            foreach (var text in span.Texts)
            {
                yield return ($"span {span.Source}/{span.OperationName}", text);
            }
        }

        foreach (var (instrument, tags) in MetricTags)
        {
            foreach (var tag in tags.Keys)
            {
                yield return ($"metric {instrument}", tag);
            }
        }
    }

    public void Dispose()
    {
        _activities.Dispose();
        _meters.Dispose();
    }

    private void Record(Activity activity)
    {
        var texts = new List<string> { activity.DisplayName, activity.OperationName, activity.StatusDescription ?? "" };
        texts.AddRange(activity.TagObjects.Select(t => $"{t.Key}={Text(t.Value)}"));
        texts.AddRange(activity.Baggage.Select(b => $"{b.Key}={b.Value}"));
        foreach (var e in activity.Events)
        {
            texts.Add(e.Name);
            texts.AddRange(e.Tags.Select(t => $"{t.Key}={Text(t.Value)}"));
        }

        Spans.Enqueue(new CapturedSpan(activity.Source.Name, activity.OperationName, activity.DisplayName, activity.Kind,
            activity.TraceId, activity.TagObjects.ToDictionary(t => t.Key, t => t.Value?.ToString()), texts));
    }

    private void Record(Instrument instrument, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var seen = MetricTags.GetOrAdd(instrument.Name, _ => new());
        foreach (var tag in tags)
        {
            seen.TryAdd($"{tag.Key}={Text(tag.Value)}", 0);
        }
    }

    /// <summary>A value as an exporter would write it: collections (header values are string arrays) element by element.</summary>
    private static string Text(object? value) => value switch
    {
        null => "",
        string s => s,
        System.Collections.IEnumerable items => "[" + string.Join(", ", items.Cast<object?>().Select(Text)) + "]",
        _ => value.ToString() ?? "",
    };

    private sealed class Logger(TelemetryCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => capture._scopes?.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var parts = new List<string> { $"{logLevel} {category}[{eventId}]: {formatter(state, exception)}" };
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
            {
                parts.AddRange(values.Select(v => $"{v.Key}={Text(v.Value)}"));
            }

            if (exception is not null)
            {
                parts.Add(exception.ToString());
            }

            capture._scopes?.ForEachScope((scope, list) =>
            {
                list.Add($"scope {scope}");
                if (scope is IEnumerable<KeyValuePair<string, object?>> pairs)
                {
                    list.AddRange(pairs.Select(p => $"scope {p.Key}={Text(p.Value)}"));
                }
            }, parts);
            capture.Logs.Enqueue(string.Join(" | ", parts));
        }
    }
}

public sealed record CapturedSpan(
    string Source, string OperationName, string DisplayName, ActivityKind Kind, ActivityTraceId TraceId,
    Dictionary<string, string?> Tags, List<string> Texts);
