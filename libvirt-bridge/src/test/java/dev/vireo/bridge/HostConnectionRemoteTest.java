package dev.vireo.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which URIs name a host behind a network (their list is shown before the details are read). */
class HostConnectionRemoteTest {

    @Test
    void transportsAndHostNamesAreRemoteLocalSocketsAndTestHostsAreNot() {
        assertThat(HostConnection.isRemote("qemu+ssh://root@kvm1/system")).isTrue();
        assertThat(HostConnection.isRemote("qemu+libssh://root@[fd00::1]:2222/system?keyfile=/k")).isTrue();
        assertThat(HostConnection.isRemote("qemu+tls://kvm1/system")).isTrue();
        assertThat(HostConnection.isRemote("qemu://kvm1/system")).isTrue();
        assertThat(HostConnection.isRemote("qemu:///system")).isFalse();
        assertThat(HostConnection.isRemote("qemu+unix:///system")).isFalse();
        assertThat(HostConnection.isRemote("test:///tmp/host.xml")).isFalse();
        assertThat(HostConnection.isRemote("not a uri")).isFalse();
    }
}
