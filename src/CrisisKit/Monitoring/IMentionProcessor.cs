namespace CrisisKit.Monitoring;

/// <summary>
/// A stage of the monitoring pipeline: sees every accepted mention once per subject it concerns, in ingestion
/// order. Register one with <c>AddMentionProcessor&lt;T&gt;()</c> on the builder that <c>AddCrisisKit</c> returns.
/// </summary>
/// <remarks>
/// Called one mention at a time (the monitor serialises the calls, also when it is fed from several threads), so an implementation needs no locking of its own but
/// must be quick. An exception thrown here propagates to the caller of <see cref="ICrisisMonitor.Ingest"/>; the
/// mention has then already been counted and the other processors may not have seen it.
/// </remarks>
public interface IMentionProcessor
{
    /// <summary>Processes one mention for one subject.</summary>
    /// <param name="context">The mention, the subject it matched and how it arrived.</param>
    void Process(in MentionContext context);
}
