// HTTP bodies of services/acceptance's internal routes, shared with the gateway. Filled by the acceptance slice of issue 4.
export {}
