package org.mandala;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Mandala: a rules-based strategic risk assessment engine. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class MandalaApplication {
    public static void main(String[] args) {
        SpringApplication.run(MandalaApplication.class, args);
    }
}
