// HTTP bodies of services/utility's internal routes, shared with the gateway. Filled by the utility slice of issue 4.
export {}
