package dev.vireo.app.prefs;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;

/** Vireo's two themes: AtlantaFX's Primer light and dark, used as the user-agent stylesheet. */
public enum Theme {
    LIGHT,
    DARK;

    public String userAgentStylesheet() {
        return this == LIGHT ? new PrimerLight().getUserAgentStylesheet() : new PrimerDark().getUserAgentStylesheet();
    }

    public Theme other() {
        return this == LIGHT ? DARK : LIGHT;
    }
}
