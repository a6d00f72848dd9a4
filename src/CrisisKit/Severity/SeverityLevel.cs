using CrisisKit.Categories;
using CrisisKit.Detection;

namespace CrisisKit.Severity;

/// <summary>How bad an incident is. Each level says who must be involved and how fast.</summary>
public enum SeverityLevel
{
    /// <summary>A routine flare-up (a handful of complaints, a small spike): the social team handles it in normal community management; no escalation beyond the on-duty moderator.</summary>
    Low = 1,

    /// <summary>Noticeable and growing, or touching a sensitive topic: the communications lead is told, a holding statement is prepared, and a response is expected within hours.</summary>
    Moderate = 2,

    /// <summary>A threat to the brand's reputation (wide negative reach, news coverage, a safety or data angle): the crisis team and leadership are engaged and the first public response is due within the hour.</summary>
    High = 3,

    /// <summary>A threat to people's safety, customers' data, the company's licence or its leadership: executives and legal are engaged at once, every channel escalates, and the response is measured in minutes.</summary>
    Critical = 4,
}
