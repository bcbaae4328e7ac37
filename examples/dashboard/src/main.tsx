import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApolloProvider } from '@apollo/client/react';
import { App } from './App';
import { createClient, settingsFromLocation } from './client';

const settings = settingsFromLocation(window.location);
const root = createRoot(document.getElementById('root')!);
if (!settings.hub || !settings.token || !settings.kecamatan) {
  root.render(<p role="alert">Open this page as #hub=&lt;hub URL&gt;&amp;token=&lt;TKSK token&gt;&amp;kecamatan=&lt;code&gt;</p>);
} else {
  root.render(
    <StrictMode>
      <ApolloProvider client={createClient({ hub: settings.hub, token: settings.token, kecamatan: settings.kecamatan })}>
        <App kecamatanCode={settings.kecamatan} />
      </ApolloProvider>
    </StrictMode>,
  );
}
