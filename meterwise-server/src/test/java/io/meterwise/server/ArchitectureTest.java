package io.meterwise.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/** The server is adapters around core (ADR 0018): the rules that keep storage, use cases and APIs apart. */
class ArchitectureTest {

    private static final JavaClasses SERVER = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.meterwise.server");

    @Test
    void onlyStorageTalksToADatabase() {
        noClasses().that().resideOutsideOfPackage("io.meterwise.server.storage..")
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..", "org.duckdb..",
                        "org.postgresql..", "org.springframework.jdbc..", "io.zonky..")
                .check(SERVER);
    }

    @Test
    void storeSpecificCodeStaysInItsStorePackage() {
        noClasses().that().resideOutsideOfPackage("io.meterwise.server.storage.duckdb..")
                .should().dependOnClassesThat().resideInAnyPackage("org.duckdb..")
                .check(SERVER);
        noClasses().that().resideOutsideOfPackage("io.meterwise.server.storage.postgres..")
                .should().dependOnClassesThat().resideInAnyPackage("org.postgresql..", "io.zonky..")
                .check(SERVER);
    }

    /** Store packages declare their beans in their conditional configuration, so only one store's are ever beans. */
    @Test
    void storeSpecificAdaptersAreNotScannedComponents() {
        noClasses().that().resideInAnyPackage("io.meterwise.server.storage.duckdb..",
                        "io.meterwise.server.storage.postgres..")
                .should().beAnnotatedWith(org.springframework.stereotype.Component.class)
                .orShould().beAnnotatedWith(org.springframework.stereotype.Repository.class)
                .orShould().beAnnotatedWith(org.springframework.stereotype.Service.class)
                .because("a component there would be a bean on the other store too; declare it as a @Bean of the "
                        + "store's @ConditionalOnStore configuration (docs/architecture.md, adding a store adapter)")
                .check(SERVER);
    }

    @Test
    void useCasesAndStorageNeverReachIntoHttp() {
        noClasses().that().resideInAnyPackage("io.meterwise.core..", "io.meterwise.server.storage..",
                "io.meterwise.server.billing..", "io.meterwise.server.ingest..")
                .should().dependOnClassesThat().resideInAnyPackage("io.meterwise.server.http..")
                .check(SERVER);
    }

    @Test
    void storageIsReachedOnlyThroughCorePorts() {
        noClasses().that().resideInAnyPackage("io.meterwise.server.http..")
                .should().dependOnClassesThat().resideInAnyPackage("io.meterwise.server.storage..")
                .check(SERVER);
    }

    @Test
    void apiPackagesDoNotReachIntoEachOther() {
        slices().matching("io.meterwise.server.http.(*)..")
                .should().notDependOnEachOther()
                .ignoreDependency(com.tngtech.archunit.base.DescribedPredicate.alwaysTrue(),
                        com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage(
                                "io.meterwise.server.http.error..", "io.meterwise.server.http.paging..",
                                "io.meterwise.server.http.odata.."))
                .check(SERVER);
    }
}
