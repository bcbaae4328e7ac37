/**
 * The nested query of issue 3: from a page of households through every relation
 * of the read API, both ways (tests/loaders/command-count.test.ts counts its
 * database commands; bench/nested-query.ts times it).
 */
export const NESTED = /* GraphQL */ `
  query Nested($first: Int!) {
    households(first: $first) {
      totalCount
      edges {
        node {
          id
          head {
            id
          }
          members {
            id
            household {
              id
            }
            enrollments {
              id
              programme {
                code
              }
            }
            trainings {
              id
              training {
                id
                participants(first: 5) {
                  edges {
                    node {
                      id
                      person {
                        id
                        household {
                          id
                        }
                      }
                    }
                  }
                }
              }
            }
          }
          enrollments {
            id
            programme {
              code
            }
          }
          desa {
            code
            kecamatan {
              code
            }
          }
        }
      }
    }
  }
`;
