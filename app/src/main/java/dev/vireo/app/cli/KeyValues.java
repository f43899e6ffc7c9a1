package dev.vireo.app.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;

/**
 * An option value in virt-install's style, {@code kind,key=value,key=value} (the kind may be left
 * out): {@code spice,listen=0.0.0.0,port=auto}, {@code pool=default,size=20}.
 */
record KeyValues(String option, String kind, Map<String, String> values) {

    static KeyValues parse(CommandLine cl, String option, String text, Set<String> keys) {
        Map<String, String> values = new LinkedHashMap<>();
        String kind = "";
        String[] parts = text.split(",", -1);
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i].strip();
            int eq = part.indexOf('=');
            if (eq < 0) {
                if (i == 0) {
                    kind = part;
                    continue;
                }
                throw new CommandLine.ParameterException(cl, option + ": “" + part + "” is not KEY=VALUE");
            }
            String key = part.substring(0, eq).strip();
            if (!keys.contains(key)) {
                throw new CommandLine.ParameterException(cl, option + ": unknown key “" + key + "” (known: "
                        + String.join(", ", keys) + ")");
            }
            values.put(key, part.substring(eq + 1));
        }
        return new KeyValues(option, kind, values);
    }

    String get(String key, String orElse) {
        return values.getOrDefault(key, orElse);
    }

    int integer(CommandLine cl, String key, int orElse, int min, int max) {
        String v = values.get(key);
        if (v == null) {
            return orElse;
        }
        try {
            int n = Integer.parseInt(v.strip());
            if (n < min || n > max) {
                throw new CommandLine.ParameterException(cl, option + ": " + key + " must be " + min + " to " + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new CommandLine.ParameterException(cl, option + ": " + key + "=" + v + " is not a number");
        }
    }
}
