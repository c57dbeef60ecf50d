// One <zipteams-dashboard> per tab: `?tokenUrl=&baseUrl=&share=false`.
import '@zipteams/element';

const params = new URLSearchParams(window.location.search);
const element = document.createElement('zipteams-dashboard');
element.setAttribute('token-url', params.get('tokenUrl') ?? '');
element.setAttribute('base-url', params.get('baseUrl') ?? '');
element.setAttribute('height', '300');
if (params.get('share') === 'false') element.setAttribute('share-across-tabs', 'false');
document.body.append(element);
