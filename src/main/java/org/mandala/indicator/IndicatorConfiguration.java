package org.mandala.indicator;

import org.mandala.system.MandalaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class IndicatorConfiguration {

    @Bean
    ActorCodes actorCodes(MandalaProperties properties) {
        return ActorCodes.read(properties.facts().dir().resolve("reference").resolve("actors.csv"));
    }

    @Bean
    ImportQueue importQueue(MandalaProperties properties) {
        return new ImportQueue(properties.upload().queueTimeout());
    }

    @Bean
    Spool spool(MandalaProperties properties) {
        return new Spool(properties.upload().spoolDirectory());
    }

    @Bean
    CountryNames countryNames(MandalaProperties properties) {
        return CountryNames.read(properties.facts().dir().resolve("reference").resolve("country-names.csv"));
    }
}
