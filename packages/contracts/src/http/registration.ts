// HTTP bodies of services/registration's internal routes, shared with the gateway. Filled by the registration slice of issue 4.
export {}
