"""buurt's own themes, registered by the app and offered in the palette's theme list.

High contrast: pure black and white with strong, distinct signal colours, for a projector in a
bright community centre and for chairs with low vision (WCAG AAA contrast for text).
"""

from __future__ import annotations

from textual.theme import Theme

HIGH_CONTRAST = Theme(
    name="buurt-high-contrast",
    primary="#FFFF00",
    secondary="#00FFFF",
    accent="#00FFFF",
    warning="#FFA500",
    error="#FF4040",
    success="#00FF00",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#1A1A1A",
    boost="#FFFFFF",
    dark=True,
    luminosity_spread=0.0,
    text_alpha=1.0,
    variables={
        "text-muted": "#FFFFFF",
        "text-warning": "#FFA500",
        "text-error": "#FF6060",
        "text-success": "#00FF00",
        "text-accent": "#00FFFF",
        "text-primary": "#FFFF00",
        "border": "#FFFFFF",
        "border-blurred": "#BFBFBF",
        "block-cursor-background": "#FFFF00",
        "block-cursor-foreground": "#000000",
        "block-cursor-text-style": "bold",
        "input-selection-background": "#FFFF00 60%",
        "footer-key-foreground": "#FFFF00",
        "footer-description-foreground": "#FFFFFF",
        "footer-background": "#000000",
        "scrollbar": "#BFBFBF",
        "scrollbar-hover": "#FFFFFF",
        "scrollbar-active": "#FFFF00",
    },
)

THEMES: list[Theme] = [HIGH_CONTRAST]
