package dev.vireo.app.prefs;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;

/**
 * Vireo's two themes: AtlantaFX's Primer light and dark, used as the user-agent stylesheet in the
 * pre-parsed binary form AtlantaFX ships (read faster than the CSS text at start-up).
 */
public enum Theme {
    LIGHT,
    DARK;

    public String userAgentStylesheet() {
        return this == LIGHT ? new PrimerLight().getUserAgentStylesheetBSS() : new PrimerDark().getUserAgentStylesheetBSS();
    }

    public Theme other() {
        return this == LIGHT ? DARK : LIGHT;
    }
}
