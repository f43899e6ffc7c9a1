package dev.vireo.app.console;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * What a SPICE client needs to trust a console's TLS port: the certificate of the CA that signed
 * the host's SPICE certificate (PEM), and that certificate's subject. libvirt keeps both in its
 * SPICE certificate directory ({@code spice_tls_x509_cert_dir} in qemu.conf, by default
 * {@code /etc/pki/libvirt-spice}), where they are public. The subject is checked instead of the
 * host name: a console reached through an SSH tunnel is at 127.0.0.1, which no certificate names.
 */
public record SpiceTrust(String caPem, String subject) {

    public static final Path DEFAULT_DIR = Path.of("/etc/pki/libvirt-spice");
    private static final Pattern DIR_SETTING =
            Pattern.compile("(?m)^\\s*(spice_tls_x509_cert_dir|default_tls_x509_cert_dir)\\s*=\\s*\"([^\"]*)\"");

    /** From the CA's certificate and, when known, the server's (for its subject); empty without a CA. */
    public static Optional<SpiceTrust> of(String caPem, String serverCertPem) {
        if (caPem == null || !caPem.contains("-----BEGIN CERTIFICATE-----")) {
            return Optional.empty();
        }
        String subject = null;
        if (serverCertPem != null && serverCertPem.contains("-----BEGIN CERTIFICATE-----")) {
            try {
                subject = subjectOf((X509Certificate) CertificateFactory.getInstance("X.509")
                        .generateCertificate(new ByteArrayInputStream(serverCertPem.getBytes(StandardCharsets.US_ASCII))));
            } catch (CertificateException | InvalidNameException e) {
                subject = null; // then the host name is checked
            }
        }
        return Optional.of(new SpiceTrust(caPem, subject));
    }

    /**
     * The SPICE certificates of a host, read by {@code read} (a path to its text, empty where
     * missing): the directory qemu.conf names, else the default. File or SSH I/O.
     */
    public static Optional<SpiceTrust> read(Function<String, Optional<String>> read) {
        String dir = read.apply("/etc/libvirt/qemu.conf").map(SpiceTrust::certDir).orElse(DEFAULT_DIR.toString());
        return read.apply(dir + "/ca-cert.pem").flatMap(ca -> of(ca, read.apply(dir + "/server-cert.pem").orElse(null)));
    }

    /**
     * The SPICE certificates of the host of {@code libvirtUri}: read through its SSH session
     * ({@code viaSsh}), or this machine's for a local connection; none otherwise (spice-gtk then
     * checks with the system's CAs). File or SSH I/O: not on the FX thread.
     */
    public static Optional<SpiceTrust> forHost(String libvirtUri, boolean viaSsh,
            java.util.function.Supplier<dev.vireo.app.tunnel.SshTunnels> tunnels) {
        if (viaSsh) {
            return dev.vireo.app.tunnel.SshTunnels.loginOf(libvirtUri)
                    .flatMap(login -> read(path -> tunnels.get().read(login, path)));
        }
        return dev.vireo.app.newvm.ConsoleReach.hostOf(libvirtUri) == null ? local() : Optional.empty();
    }

    /** This machine's (the local system daemon's). File I/O. */
    public static Optional<SpiceTrust> local() {
        return read(path -> {
            try {
                return Optional.of(Files.readString(Path.of(path)));
            } catch (IOException e) {
                return Optional.empty();
            }
        });
    }

    /** The certificate directory qemu.conf names: the SPICE one, else the default one for all TLS, else libvirt's default. */
    static String certDir(String qemuConf) {
        String spice = null;
        String all = null;
        Matcher m = DIR_SETTING.matcher(qemuConf);
        while (m.find()) {
            if (m.group(1).equals("spice_tls_x509_cert_dir")) {
                spice = m.group(2);
            } else {
                all = m.group(2);
            }
        }
        return spice != null ? spice : all != null ? all : DEFAULT_DIR.toString();
    }

    /**
     * The subject as spice-gtk compares it: {@code type=value} pairs in the certificate's own order
     * (country first), separated by commas, as in {@code C=XX,O=Vireo test bed,CN=host}.
     */
    static String subjectOf(X509Certificate cert) throws InvalidNameException {
        List<String> parts = new ArrayList<>();
        // LdapName lists the RDNs in the certificate's order; RFC 2253 writes them the other way round
        for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
            String value = rdn.getValue().toString().replace("\\", "\\\\").replace(",", "\\,");
            parts.add(rdn.getType() + "=" + value);
        }
        return String.join(",", parts);
    }
}
