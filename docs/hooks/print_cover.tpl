<div class="print-cover">
  <h1 class="print-cover__title">{{ config.site_name }}</h1>
  <p class="print-cover__subtitle">Backpropagation, end to end</p>
  <p class="print-cover__description">{{ config.site_description }}</p>
  <dl class="print-cover__facts">
    <dt>Edition</dt>
    <dd>version {{ config.extra.edition.version }}, built {{ config.extra.edition.date }}</dd>
    <dt>Read online</dt>
    <dd><a href="{{ config.site_url }}">{{ config.site_url }}</a></dd>
    <dt>Source</dt>
    <dd><a href="{{ config.repo_url }}">{{ config.repo_url }}</a></dd>
    <dt>Licence</dt>
    <dd>{{ config.copyright }}</dd>
  </dl>
</div>
