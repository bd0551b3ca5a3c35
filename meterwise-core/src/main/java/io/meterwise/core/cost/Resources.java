package io.meterwise.core.cost;

/** Parts of an ARM resource id: {@code /subscriptions/{s}/resourceGroups/{rg}/providers/{ns}/{type}/{name}...}. */
final class Resources {

    private Resources() {
    }

    /** The resource group, as written in the id; empty when the id names none. */
    static String group(String resourceUri) {
        String[] s = resourceUri.split("/");
        for (int i = 0; i + 1 < s.length; i++) {
            if (s[i].equalsIgnoreCase("resourceGroups")) {
                return s[i + 1];
            }
        }
        return "";
    }

    /** {@code namespace/type[/type...]} of the resource, e.g. {@code Microsoft.Compute/virtualMachines}. */
    static String type(String resourceUri) {
        String[] s = resourceUri.split("/");
        int providers = -1;
        for (int i = 0; i < s.length; i++) {
            if (s[i].equalsIgnoreCase("providers")) {
                providers = i;
            }
        }
        if (providers < 0 || providers + 2 >= s.length) {
            return "";
        }
        StringBuilder type = new StringBuilder(s[providers + 1]);
        for (int i = providers + 2; i < s.length; i += 2) {
            type.append('/').append(s[i]);
        }
        return type.toString();
    }
}
