package io.keystore.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What members derive from the cluster secret, and what a cluster without one may do. */
class ClusterSecretTest {

  @Test
  void everyMemberDerivesTheSameKeyCertificateAndNameFromOneSecret() {
    ClusterSecret a = ClusterSecret.derive("correct horse battery staple");
    ClusterSecret b = ClusterSecret.derive("correct horse battery staple");
    assertThat(a).isEqualTo(b);
    assertThat(a.clusterName()).startsWith("keystore-").hasSize("keystore-".length() + 32);
  }

  @Test
  void anotherSecretGivesAnotherKeyCertificateAndName() {
    ClusterSecret a = ClusterSecret.derive("correct horse battery staple");
    ClusterSecret b = ClusterSecret.derive("correct horse battery stapler");
    assertThat(a.clusterName()).isNotEqualTo(b.clusterName());
    assertThat(a.privateKeyPem()).isNotEqualTo(b.privateKeyPem());
    assertThat(a.certificatePem()).isNotEqualTo(b.certificatePem());
  }

  @Test
  void theCertificateIsSelfSignedByTheDerivedKey() throws Exception {
    ClusterSecret s = ClusterSecret.derive("correct horse battery staple");
    X509Certificate cert =
        (X509Certificate)
            CertificateFactory.getInstance("X.509")
                .generateCertificate(
                    new ByteArrayInputStream(
                        s.certificatePem().getBytes(StandardCharsets.US_ASCII)));
    cert.verify(cert.getPublicKey());
    assertThat(cert.getSubjectX500Principal()).isEqualTo(cert.getIssuerX500Principal());
    assertThat(s.toString()).doesNotContain("PRIVATE");
  }

  @Test
  void aClusterWithoutASecretIsRefusedOffLoopback() {
    assertThatThrownBy(
            () ->
                new ClusterOptions(
                    "10.0.0.5", 5701, List.of(), Optional.empty(), Duration.ofSeconds(30)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs a cluster secret");
  }

  @Test
  void aShortSecretIsRefused() {
    assertThatThrownBy(
            () ->
                new ClusterOptions(
                    "127.0.0.1", 5701, List.of(), Optional.of("short"), Duration.ofSeconds(30)))
        .hasMessageContaining("at least 16 characters");
  }

  @Test
  void theOptionsNeverPrintTheSecret() {
    ClusterOptions o =
        new ClusterOptions(
            "127.0.0.1",
            5701,
            List.of("127.0.0.1:5702"),
            Optional.of("a-secret-nobody-should-see"),
            Duration.ofSeconds(30));
    assertThat(o.toString()).doesNotContain("nobody").contains("<redacted>");
  }
}
