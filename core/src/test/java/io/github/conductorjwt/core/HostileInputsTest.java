package io.github.conductorjwt.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.conductorjwt.core.HostileInput.Category;
import io.github.conductorjwt.core.HostileInput.Refused;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The corpus itself: big enough, every case named once, the end-to-end subset representative. */
class HostileInputsTest {

    private final List<HostileInput> all = HostileInputs.all();

    @Test
    void holdsAtLeast160CasesEachNamedOnce() {
        assertThat(all).hasSizeGreaterThanOrEqualTo(160);
        assertThat(all).extracting(HostileInput::name).doesNotHaveDuplicates();
        assertThat(all)
                .extracting(HostileInput::name)
                .allSatisfy(name -> assertThat(name).doesNotContainPattern("\\p{Cntrl}"));
    }

    @Test
    void theEndToEndSubsetCoversEveryCategory() {
        List<HostileInput> subset = HostileInputs.endToEnd();

        assertThat(subset).hasSizeGreaterThanOrEqualTo(45);
        Set<Category> covered =
                subset.stream()
                        .map(HostileInput::category)
                        .collect(Collectors.toCollection(() -> EnumSet.noneOf(Category.class)));
        assertThat(covered).containsExactlyInAnyOrder(Category.values());
    }

    @Test
    void refusalsNameOnlyInputFields() {
        assertThat(all)
                .map(HostileInput::expected)
                .filteredOn(Refused.class::isInstance)
                .flatMap(outcome -> ((Refused) outcome).fields())
                .isSubsetOf(HostileInputs.FIELDS);
    }
}
