import { describe, expect, it } from 'vitest';
import { markdownToHtml } from './markdown-html.js';

describe('markdownToHtml', () => {
  it('renders headings, lists, tables and inline code/bold', () => {
    const html = markdownToHtml(['## Cost [W]', '', '- one **two**', '- `three`', '', '| a | b |', '|---|---|', '| 1 \\| 2 | x |', '', '_not advice_']);
    expect(html).toContain('<h2>Cost [W]</h2>');
    expect(html).toContain('<ul>\n<li>one <strong>two</strong></li>\n<li><code>three</code></li>\n</ul>');
    expect(html).toContain('<thead><tr><th>a</th><th>b</th></tr></thead>');
    expect(html).toContain('<tr><td>1 | 2</td><td>x</td></tr>');
    expect(html).toContain('<p><em>not advice</em></p>');
  });

  it('escapes everything that comes from the inputs', () => {
    const html = markdownToHtml(['A model named <script>alert(1)</script> & "quotes"']);
    expect(html).toBe('<p>A model named &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;</p>');
  });
});
