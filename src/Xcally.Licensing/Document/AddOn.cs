namespace Xcally.Licensing;

/// <summary>An add-on.</summary>
public enum AddOn
{
    /// <summary>WebRTC softphone for agents.</summary>
    WebRtc = 0,

    /// <summary>The Windows Phonebar for agents.</summary>
    WindowsPhonebar = 1,

    /// <summary>Customization (white label).</summary>
    Customization = 2,

    /// <summary>Screen recording (available for the Phonebar).</summary>
    ScreenRecording = 3,

    /// <summary>Real-time translator: on the text channels, and on voice when the plan has voice.</summary>
    RealTimeTranslator = 4,
}
