package dev.vireo.app.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading a host's SPICE certificates: the directory qemu.conf names, and the server certificate's
 * subject in the certificate's own order, as spice-gtk compares it. Certificates made here with
 * openssl (a test dependency of the test bed too).
 */
class SpiceTrustTest {

    @TempDir
    Path dir;

    @Test
    void theCertificateDirectoryFromQemuConf() {
        assertThat(SpiceTrust.certDir("# nothing\n")).isEqualTo("/etc/pki/libvirt-spice");
        assertThat(SpiceTrust.certDir("default_tls_x509_cert_dir = \"/etc/pki/qemu\"\n")).isEqualTo("/etc/pki/qemu");
        assertThat(SpiceTrust.certDir("spice_tls_x509_cert_dir = \"/srv/spice\"\ndefault_tls_x509_cert_dir = \"/etc/pki/qemu\"\n"))
                .isEqualTo("/srv/spice");
        assertThat(SpiceTrust.certDir("#spice_tls_x509_cert_dir = \"/srv/spice\"\n")).isEqualTo("/etc/pki/libvirt-spice");
    }

    @Test
    void theSubjectInTheCertificatesOwnOrderWithCommasEscaped() throws Exception {
        String cert = selfSigned("/C=DE/ST=Berlin/O=Example\\, Inc./CN=kvm1.example.org");
        String ca = selfSigned("/CN=Some CA");
        Map<String, String> files = Map.of("/srv/spice/ca-cert.pem", ca, "/srv/spice/server-cert.pem", cert,
                "/etc/libvirt/qemu.conf", "spice_tls_x509_cert_dir = \"/srv/spice\"\n");
        SpiceTrust trust = SpiceTrust.read(p -> Optional.ofNullable(files.get(p))).orElseThrow();
        assertThat(trust.caPem()).isEqualTo(ca);
        assertThat(trust.subject()).isEqualTo("C=DE,ST=Berlin,O=Example\\, Inc.,CN=kvm1.example.org");
    }

    @Test
    void noCaNoTrustAndNoServerCertificateNoSubject() throws Exception {
        String ca = selfSigned("/CN=Some CA");
        assertThat(SpiceTrust.read(p -> Optional.empty())).isEmpty();
        assertThat(SpiceTrust.read(p -> p.endsWith("ca-cert.pem") ? Optional.of(ca) : Optional.empty()))
                .hasValueSatisfying(t -> assertThat(t.subject()).isNull());
        assertThat(SpiceTrust.of("not a certificate", null)).isEmpty();
    }

    private String selfSigned(String subject) throws IOException, InterruptedException {
        Path key = Files.createTempFile(dir, "key", ".pem");
        Path cert = Files.createTempFile(dir, "cert", ".pem");
        Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", subject,
                "-keyout", key.toString(), "-out", cert.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
        return Files.readString(cert);
    }
}
