package org.mandala.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Where a webhook may go: public http(s) only, unless private targets are allowed. */
class TargetsTests {

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8080/hook", "http://localhost/hook", "http://10.1.2.3/hook", "http://192.168.0.10/",
            "http://172.16.5.4/", "http://169.254.169.254/latest/meta-data", "http://[::1]/hook", "http://[fd00::1]/hook",
            "http://[fe80::1]/hook", "http://0.0.0.0/", "http://100.64.0.1/", "http://[::ffff:10.0.0.1]/hook",
            "http://[64:ff9b::7f00:1]/hook", "http://[2002:7f00:1::]/hook", "http://[2002:a00:1::]/hook"})
    void privateLoopbackAndLinkLocalTargetsAreRefused(String url) {
        assertThatThrownBy(() -> Targets.check(url, false)).isInstanceOf(Targets.Refused.class)
                .hasMessageContaining("public addresses only");
        assertThat(Targets.check(url, true)).hasToString(url);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://0177.0.0.1/", "http://2130706433/", "http://127.1/", "http://0x7f.0.0.1/", "http://010.0.0.1/"})
    void aNumericHostInAnotherFormThanFourDecimalsIsRefusedWhateverTheSetting(String url) {
        assertThatThrownBy(() -> Targets.check(url, true)).isInstanceOf(Targets.Refused.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://8.8.8.8/hook", "file:///etc/passwd", "gopher://8.8.8.8/", "http://user:pw@8.8.8.8/hook", "http:///nohost",
            "not a url"})
    void onlyHttpAndHttpsToAHostWithoutCredentials(String url) {
        assertThatThrownBy(() -> Targets.check(url, true)).isInstanceOf(Targets.Refused.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://8.8.8.8/hook", "http://1.1.1.1:8443/alerts?x=1", "https://[2606:4700:4700::1111]/hook"})
    void aPublicAddressIsAccepted(String url) {
        assertThat(Targets.check(url, false)).hasToString(url);
    }
}
