import { useQuery } from '@apollo/client/react';
import { graphql } from './gql';

/**
 * One page of a kecamatan's households as a TKSK reads them: the head (NIK masked for this role), the family's
 * aid (enrolments) and the disagreements between sources a TKSK verifies in the field. The fields come from the
 * TKSK contract (docs/contracts/TKSK.graphql): codegen refuses any this role may not use.
 */
export const KecamatanHouseholdsQuery = graphql(`
  query KecamatanHouseholds($kecamatanCode: String!, $first: Int!, $after: String) {
    households(filter: { kecamatanCode: $kecamatanCode }, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          desil
          memberCount
          desa {
            code
            name
          }
          head {
            id
            fullName
            nik
          }
          enrollments {
            id
            status
            programme {
              code
            }
          }
          discrepancies(includeMembers: true) {
            id
            kind
            status
          }
        }
      }
    }
  }
`);

export const PAGE_SIZE = 20;

export function App({ kecamatanCode }: { kecamatanCode: string }) {
  const { data, error, loading, fetchMore } = useQuery(KecamatanHouseholdsQuery, { variables: { kecamatanCode, first: PAGE_SIZE } });
  if (loading && !data) return <p role="status">Memuat…</p>;
  if (error) return <p role="alert" data-testid="error">{error.message}</p>;
  const page = data?.households;
  if (!page) return <p role="alert">Tidak ada data.</p>;
  return (
    <main>
      <h1>Keluarga di kecamatan {kecamatanCode}</h1>
      <p data-testid="total">{page.totalCount} keluarga</p>
      <table>
        <thead>
          <tr>
            <th>Desa</th>
            <th>Kepala keluarga</th>
            <th>NIK</th>
            <th>Anggota</th>
            <th>Desil</th>
            <th>Bantuan</th>
            <th>Ketidaksesuaian</th>
          </tr>
        </thead>
        <tbody>
          {page.edges.map(({ node: h }) => (
            <tr key={h.id} data-household={h.id} data-desa={h.desa?.code ?? ''}>
              <td>{h.desa?.name}</td>
              <td>{h.head?.fullName ?? '—'}</td>
              <td className="nik">{h.head?.nik ?? '—'}</td>
              <td>{h.memberCount ?? '—'}</td>
              <td>{h.desil ?? '—'}</td>
              <td className="aid">{(h.enrollments ?? []).map((e) => `${e.programme?.code ?? '?'} (${e.status ?? '?'})`).join(', ') || '—'}</td>
              <td className="discrepancies">{(h.discrepancies ?? []).filter((d) => d.status === 'OPEN').map((d) => d.kind).join(', ') || '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {page.pageInfo.hasNextPage && (
        <button type="button" onClick={() => void fetchMore({ variables: { after: page.pageInfo.endCursor } })}>
          Berikutnya
        </button>
      )}
    </main>
  );
}
