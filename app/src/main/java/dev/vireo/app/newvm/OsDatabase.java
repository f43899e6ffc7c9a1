package dev.vireo.app.newvm;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The osinfo database (Debian package osinfo-db: {@code /usr/share/osinfo/os/<vendor>/<os>.xml}),
 * read directly with StAX: operating systems with their names, short ids, recommended and minimum
 * resources, devices (virtio), firmware and the ISO volume ids that identify their media.
 * What an OS does not say it takes from the OS it derives from or clones, as libosinfo does.
 * Reading takes a few hundred milliseconds: never on the JavaFX thread.
 */
public final class OsDatabase {

    private static final Logger LOG = LoggerFactory.getLogger(OsDatabase.class);
    public static final Path SYSTEM = Path.of("/usr/share/osinfo");

    /** Resources in bytes (RAM, storage) and a count (vCPUs); 0 where the database says nothing. */
    public record Resources(long ramBytes, int cpus, long storageBytes) {
        static final Resources NONE = new Resources(0, 0, 0);

        Resources orElse(Resources other) {
            return new Resources(ramBytes > 0 ? ramBytes : other.ramBytes, cpus > 0 ? cpus : other.cpus,
                    storageBytes > 0 ? storageBytes : other.storageBytes);
        }
    }

    /** One operating system, with what it inherits already merged in. */
    public record Os(String id, List<String> shortIds, String name, String version, String vendor, String family,
            String distro, String releaseDate, String eolDate, Resources minimum, Resources recommended,
            Set<String> devices, boolean efi, boolean bios, List<Pattern> volumeIds, Tree tree) {

        public String shortId() {
            return shortIds.isEmpty() ? id : shortIds.get(0);
        }

        /** Whether the guest has virtio drivers (a virtio network or block device, legacy or 1.0). */
        public boolean virtio() {
            return devices.stream().anyMatch(d -> d.endsWith("/1af4/1000") || d.endsWith("/1af4/1001")
                    || d.endsWith("/1af4/1041") || d.endsWith("/1af4/1042"));
        }

        /** Whether {@code volumeId} (an ISO's label) is one of this OS's media. */
        public boolean matchesVolume(String volumeId) {
            return volumeIds.stream().anyMatch(p -> p.matcher(volumeId).matches());
        }
    }

    /**
     * Where an x86_64 install tree keeps its installer, relative to the tree's URL (Debian and
     * Ubuntu netboot); null where the database says nothing (trees with a .treeinfo file).
     */
    public record Tree(String kernel, String initrd) {
    }

    /** As read from one file, before inheritance. */
    private record Raw(String id, List<String> shortIds, String name, String version, String vendor, String family,
            String distro, String releaseDate, String eolDate, Resources minimum, Resources recommended,
            Set<String> devices, Boolean efi, Boolean bios, List<Pattern> volumeIds, Tree tree, List<String> parents) {
    }

    private final List<Os> all;
    private final Map<String, Os> byId = new HashMap<>();
    private final Map<String, Os> byShortId = new HashMap<>();

    private OsDatabase(List<Os> all) {
        this.all = all;
        for (Os os : all) {
            byId.put(os.id(), os);
            os.shortIds().forEach(s -> byShortId.putIfAbsent(s, os));
        }
    }

    /** Reads every OS under {@code root}/os; a file that cannot be read is skipped and logged. */
    public static OsDatabase load(Path root) throws IOException {
        Map<String, Raw> raws = new HashMap<>();
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        try (Stream<Path> files = Files.walk(root.resolve("os"))) {
            // <os>.d/ folders hold driver lists for an OS, not its description
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".xml")
                    && !p.getParent().getFileName().toString().endsWith(".d"))::iterator) {
                try (InputStream in = Files.newInputStream(f)) {
                    XMLStreamReader r = factory.createXMLStreamReader(in);
                    try {
                        readFile(r, raws);
                    } finally {
                        r.close();
                    }
                } catch (XMLStreamException | RuntimeException e) {
                    LOG.warn("skipping {}: {}", f, e.getMessage());
                }
            }
        }
        Map<String, Os> resolved = new HashMap<>();
        for (String id : raws.keySet()) {
            resolve(id, raws, resolved, new LinkedHashSet<>());
        }
        List<Os> all = new ArrayList<>(resolved.values());
        all.sort(Comparator.comparing(Os::name, String.CASE_INSENSITIVE_ORDER));
        return new OsDatabase(List.copyOf(all));
    }

    public List<Os> all() {
        return all;
    }

    /** By short id ("debian11") or full id ("http://debian.org/debian/11"). */
    public Optional<Os> find(String idOrShortId) {
        return Optional.ofNullable(byShortId.get(idOrShortId)).or(() -> Optional.ofNullable(byId.get(idOrShortId)));
    }

    /** The OSes whose media have this volume id (an ISO's label), newest release first. */
    public List<Os> detect(String volumeId) {
        return all.stream().filter(os -> os.matchesVolume(volumeId))
                .sorted(Comparator.comparing(Os::releaseDate).reversed()).toList();
    }

    /** Every word of {@code query} in the name, short ids or vendor, case-insensitive. */
    public List<Os> search(String query) {
        String[] words = query.toLowerCase(java.util.Locale.ROOT).strip().split("\\s+");
        return all.stream().filter(os -> {
            String hay = (os.name() + " " + String.join(" ", os.shortIds()) + " " + os.vendor()).toLowerCase(java.util.Locale.ROOT);
            for (String w : words) {
                if (!hay.contains(w)) {
                    return false;
                }
            }
            return true;
        }).toList();
    }

    private static Os resolve(String id, Map<String, Raw> raws, Map<String, Os> done, Set<String> visiting) {
        Os known = done.get(id);
        if (known != null) {
            return known;
        }
        Raw raw = raws.get(id);
        if (raw == null || !visiting.add(id)) {
            return null; // unknown parent, or a cycle
        }
        Resources minimum = raw.minimum();
        Resources recommended = raw.recommended();
        Set<String> devices = new LinkedHashSet<>(raw.devices());
        Boolean efi = raw.efi();
        Boolean bios = raw.bios();
        Tree tree = raw.tree();
        for (String parentId : raw.parents()) {
            Os parent = resolve(parentId, raws, done, visiting);
            if (parent != null) {
                minimum = minimum.orElse(parent.minimum());
                recommended = recommended.orElse(parent.recommended());
                devices.addAll(parent.devices());
                efi = efi != null ? efi : parent.efi();
                bios = bios != null ? bios : parent.bios();
                tree = tree != null ? tree : parent.tree();
            }
        }
        Os os = new Os(raw.id(), raw.shortIds(), raw.name(), raw.version(), raw.vendor(), raw.family(), raw.distro(),
                raw.releaseDate(), raw.eolDate(), minimum, recommended, Set.copyOf(devices),
                efi != null && efi, bios == null || bios, raw.volumeIds(), tree);
        done.put(id, os);
        return os;
    }

    private static void readFile(XMLStreamReader r, Map<String, Raw> raws) throws XMLStreamException {
        while (r.hasNext()) {
            if (r.next() == XMLStreamConstants.START_ELEMENT && r.getLocalName().equals("os") && r.getAttributeValue(null, "id") != null) {
                Raw raw = readOs(r);
                raws.put(raw.id(), raw);
            }
        }
    }

    private static Raw readOs(XMLStreamReader r) throws XMLStreamException {
        String id = r.getAttributeValue(null, "id");
        List<String> shortIds = new ArrayList<>();
        Map<String, String> text = new HashMap<>();
        Resources minimum = Resources.NONE;
        Resources recommended = Resources.NONE;
        Set<String> devices = new LinkedHashSet<>();
        Boolean efi = null;
        Boolean bios = null;
        List<Pattern> volumeIds = new ArrayList<>();
        List<String> parents = new ArrayList<>();
        Tree tree = null;
        int depth = 1;
        while (depth > 0) {
            int event = r.next();
            if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
                continue;
            }
            if (event != XMLStreamConstants.START_ELEMENT) {
                continue;
            }
            String tag = r.getLocalName();
            boolean localized = r.getAttributeValue("http://www.w3.org/XML/1998/namespace", "lang") != null;
            switch (depth == 1 ? tag : "") {
                case "short-id" -> shortIds.add(r.getElementText().strip());
                case "name", "version", "vendor", "family", "distro", "release-date", "eol-date" -> {
                    String value = r.getElementText().strip();
                    if (!localized) {
                        text.putIfAbsent(tag, value);
                    }
                }
                case "derives-from", "clones" -> {
                    parents.add(r.getAttributeValue(null, "id"));
                    depth++;
                }
                case "firmware" -> {
                    String arch = r.getAttributeValue(null, "arch");
                    boolean supported = !"false".equals(r.getAttributeValue(null, "supported"));
                    if ("x86_64".equals(arch) || arch == null) {
                        if ("efi".equals(r.getAttributeValue(null, "type"))) {
                            efi = supported;
                        } else if ("bios".equals(r.getAttributeValue(null, "type"))) {
                            bios = supported;
                        }
                    }
                    depth++;
                }
                case "resources" -> {
                    String arch = r.getAttributeValue(null, "arch");
                    Resources[] read = readResources(r);
                    if ("all".equals(arch) || "x86_64".equals(arch) || arch == null) {
                        minimum = read[0].orElse(minimum);
                        recommended = read[1].orElse(recommended);
                    }
                }
                case "devices" -> readDevices(r, devices);
                case "media" -> readMedia(r, volumeIds);
                case "tree" -> {
                    Tree t = readTree(r);
                    tree = tree == null ? t : tree;
                }
                default -> depth++;
            }
        }
        return new Raw(id, List.copyOf(shortIds), text.getOrDefault("name", id), text.getOrDefault("version", ""),
                text.getOrDefault("vendor", ""), text.getOrDefault("family", ""), text.getOrDefault("distro", ""),
                text.getOrDefault("release-date", ""), text.getOrDefault("eol-date", ""), minimum, recommended,
                devices, efi, bios, List.copyOf(volumeIds), tree, parents);
    }

    /** {@code <resources>}: [minimum, recommended]; leaves the reader after its end tag. */
    private static Resources[] readResources(XMLStreamReader r) throws XMLStreamException {
        Resources[] result = {Resources.NONE, Resources.NONE};
        int which = -1;
        long ram = 0;
        int cpus = 0;
        long storage = 0;
        int depth = 1;
        while (depth > 0) {
            int event = r.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                String tag = r.getLocalName();
                if (depth == 1) {
                    which = switch (tag) {
                        case "minimum" -> 0;
                        case "recommended" -> 1;
                        default -> -1;
                    };
                    ram = 0;
                    cpus = 0;
                    storage = 0;
                    depth++;
                } else {
                    String v = r.getElementText().strip();
                    switch (tag) {
                        case "ram" -> ram = Long.parseLong(v);
                        case "n-cpus" -> cpus = Integer.parseInt(v);
                        case "storage" -> storage = Long.parseLong(v);
                        default -> {
                            // cpu speed: not used
                        }
                    }
                }
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
                if (depth == 1 && which >= 0) {
                    result[which] = new Resources(ram, cpus, storage);
                }
            }
        }
        return result;
    }

    private static void readDevices(XMLStreamReader r, Set<String> devices) throws XMLStreamException {
        int depth = 1;
        while (depth > 0) {
            int event = r.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                if (r.getLocalName().equals("device") && r.getAttributeValue(null, "id") != null
                        && !"true".equals(r.getAttributeValue(null, "unsupported"))) {
                    devices.add(r.getAttributeValue(null, "id"));
                }
                depth++;
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
            }
        }
    }

    /** An x86_64 tree's kernel and initrd paths, or null. */
    private static Tree readTree(XMLStreamReader r) throws XMLStreamException {
        boolean x86 = "x86_64".equals(r.getAttributeValue(null, "arch"));
        String kernel = null;
        String initrd = null;
        int depth = 1;
        while (depth > 0) {
            int event = r.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                switch (r.getLocalName()) {
                    case "kernel" -> kernel = r.getElementText().strip();
                    case "initrd" -> initrd = r.getElementText().strip();
                    default -> depth++;
                }
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
            }
        }
        return x86 && kernel != null && initrd != null ? new Tree(kernel, initrd) : null;
    }

    private static void readMedia(XMLStreamReader r, List<Pattern> volumeIds) throws XMLStreamException {
        int depth = 1;
        while (depth > 0) {
            int event = r.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                if (r.getLocalName().equals("volume-id")) {
                    String regex = r.getElementText().strip();
                    try {
                        volumeIds.add(Pattern.compile(regex));
                    } catch (PatternSyntaxException e) {
                        LOG.debug("volume id pattern not usable in Java: {}", regex);
                    }
                } else {
                    depth++;
                }
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
            }
        }
    }
}
