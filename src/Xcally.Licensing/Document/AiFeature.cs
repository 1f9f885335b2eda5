namespace Xcally.Licensing;

/// <summary>An AI feature.</summary>
public enum AiFeature
{
    /// <summary>AI bots on action plans and Cally Square.</summary>
    AiBots = 0,

    /// <summary>AI assistants (OpenAI assistants with a knowledge base).</summary>
    AiAssistants = 1,

    /// <summary>Agent assistants: agents get help from AI assistants during conversations.</summary>
    AgentAssistants = 2,

    /// <summary>Quality analysis of voice recordings: transcription, sentiment, post-call analytics.</summary>
    VoiceQualityAnalysis = 3,

    /// <summary>Quality analysis of digital channels: sentiment analysis.</summary>
    DigitalQualityAnalysis = 4,
}
