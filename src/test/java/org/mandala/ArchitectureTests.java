package org.mandala;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The layout of CONVENTIONS.md: features without cycles, web on top, the fact model at the bottom. */
@AnalyzeClasses(packages = "org.mandala", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

    @ArchTest
    static final ArchRule noCyclesBetweenFeatures = slices().matching("org.mandala.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule noFeatureDependsOnTheWebLayer = noClasses().that().resideOutsideOfPackage("org.mandala.web..")
            .should().dependOnClassesThat().resideInAPackage("org.mandala.web..");

    @ArchTest
    static final ArchRule theFactModelDependsOnNoFeature = noClasses().that().resideInAPackage("org.mandala.model..")
            .should().dependOnClassesThat().resideInAnyPackage("org.mandala.indicator..", "org.mandala.rules..",
                    "org.mandala.assessment..", "org.mandala.explanation..", "org.mandala.web..", "org.mandala.system..")
            .orShould().dependOnClassesThat().resideInAPackage("org.springframework..");
}
