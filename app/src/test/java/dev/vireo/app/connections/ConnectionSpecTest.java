package dev.vireo.app.connections;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vireo.app.connections.ConnectionSpec.Kind;
import dev.vireo.app.connections.ConnectionSpec.Transport;
import org.junit.jupiter.api.Test;

class ConnectionSpecTest {

    @Test
    void sshFieldsBecomeAQuotedUriAndParseBack() {
        ConnectionSpec spec = ConnectionSpec.ssh(Transport.LIBSSH, "root", "server.example", 2222, "/home/me/keys/my key");
        assertThat(spec.problem()).isEmpty();
        assertThat(spec.uri()).isEqualTo("qemu+libssh://root@server.example:2222/system?keyfile=/home/me/keys/my%20key");
        assertThat(ConnectionSpec.parse(spec.uri())).isEqualTo(spec);
        assertThat(spec.suggestedName()).isEqualTo("root@server.example:2222");
    }

    @Test
    void theDefaultPortIsLeftOutAndTheSshBinaryHasItsOwnScheme() {
        ConnectionSpec spec = ConnectionSpec.ssh(Transport.SSH, "", "10.0.0.5", 22, "");
        assertThat(spec.uri()).isEqualTo("qemu+ssh://10.0.0.5/system");
        assertThat(ConnectionSpec.parse("qemu+ssh://10.0.0.5/system")).isEqualTo(spec);
    }

    @Test
    void ipv6HostsGetBrackets() {
        ConnectionSpec spec = ConnectionSpec.ssh(Transport.LIBSSH, "admin", "fd00::5", 22, "");
        assertThat(spec.uri()).isEqualTo("qemu+libssh://admin@[fd00::5]/system");
        assertThat(ConnectionSpec.parse(spec.uri()).host()).isEqualTo("[fd00::5]");
    }

    @Test
    void localDaemons() {
        assertThat(ConnectionSpec.parse("qemu:///system").kind()).isEqualTo(Kind.LOCAL_SYSTEM);
        assertThat(ConnectionSpec.parse("qemu:///session").kind()).isEqualTo(Kind.LOCAL_SESSION);
        assertThat(ConnectionSpec.localSystem().uri()).isEqualTo("qemu:///system");
    }

    @Test
    void anOwnKnownHostsFileIsAFieldOfLibsshConnections() {
        ConnectionSpec spec = ConnectionSpec.ssh(Transport.LIBSSH, "root", "lab", 22, "/k", "/tmp/kh");
        assertThat(spec.uri()).isEqualTo("qemu+libssh://root@lab/system?keyfile=/k&known_hosts=/tmp/kh");
        assertThat(ConnectionSpec.parse(spec.uri())).isEqualTo(spec);
    }

    @Test
    void whatTheFieldsCannotShowStaysACustomUri() {
        String uri = "qemu+libssh://root@host/system?known_hosts=/tmp/kh&sshauth=password";
        ConnectionSpec spec = ConnectionSpec.parse(uri);
        assertThat(spec.kind()).isEqualTo(Kind.CUSTOM);
        assertThat(spec.uri()).isEqualTo(uri);
        assertThat(ConnectionSpec.parse("qemu+tls://host/system").kind()).isEqualTo(Kind.CUSTOM);
        assertThat(ConnectionSpec.parse("test:///tmp/host.xml").kind()).isEqualTo(Kind.CUSTOM);
    }

    @Test
    void badFieldsSayWhatIsWrong() {
        assertThat(ConnectionSpec.ssh(Transport.LIBSSH, "root", "", 22, "").problem()).contains("Enter the host's name or address.");
        assertThat(ConnectionSpec.ssh(Transport.LIBSSH, "root", "a b", 22, "").problem()).get().asString().contains("spaces");
        assertThat(ConnectionSpec.ssh(Transport.LIBSSH, "ro@ot", "h", 22, "").problem()).get().asString().contains("user name");
        assertThat(ConnectionSpec.ssh(Transport.LIBSSH, "root", "h", 0, "").problem()).contains("The port must be between 1 and 65535.");
        // what the host field holds while an address is being typed
        assertThat(ConnectionSpec.ssh(Transport.LIBSSH, "root", "127.0", 22, "").problem()).contains("“127.0” is not a host name or address.");
        assertThat(ConnectionSpec.custom("").problem()).get().asString().startsWith("Enter a libvirt URI");
        assertThat(ConnectionSpec.custom("no scheme").problem()).get().asString().startsWith("That is not a URI");
    }
}
