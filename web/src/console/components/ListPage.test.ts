import { describe, expect, it, vi } from 'vitest'
import { defineComponent, h, inject, nextTick, provide, type PropType } from 'vue'
import { mount } from '@vue/test-utils'
import { createAppI18n } from '@/i18n'
import { useListPage } from '../composables/useListPage'
import ListPage from './ListPage.vue'

vi.mock('../utils/errors', () => ({ showError: vi.fn() }))

// Element Plus stands in as plain elements: what is under test is what the
// page's slots and the list's state become, not how Element Plus draws them.
const passthrough = (tag: string) =>
  defineComponent({ inheritAttrs: true, setup: (_, { slots }) => () => h(tag, slots.default?.()) })
const RowScope = defineComponent({
  props: { row: Object, index: Number },
  setup(p, { slots }) {
    provide('row', { row: p.row, $index: p.index })
    return () => slots.default?.()
  },
})
const stubs = {
  ElCard: passthrough('section'),
  ElFormItem: passthrough('div'),
  ElForm: defineComponent({
    emits: ['submit'],
    setup: (_, { slots, emit }) => () => h('form', { onSubmit: (e: Event) => emit('submit', e) }, slots.default?.()),
  }),
  ElButton: defineComponent({
    props: { nativeType: String },
    emits: ['click'],
    setup: (p, { slots, emit }) => () => h('button', { type: p.nativeType ?? 'button', onClick: () => emit('click') }, slots.default?.()),
  }),
  // the table renders each column's cell for each row, as el-table does,
  // after a trial render of each column with no row ($index -1) whose
  // output el-table keeps, hidden
  ElTable: defineComponent({
    props: { data: Array as PropType<Record<string, unknown>[]> },
    setup: (p, { slots }) => () =>
      h('table', [
        h('thead', { class: 'hidden' }, h(RowScope, { row: {}, index: -1 }, () => slots.default?.())),
        ...(p.data ?? []).map((row, i) => h('tr', h(RowScope, { row, index: i }, () => slots.default?.()))),
      ]),
  }),
  ElTableColumn: defineComponent({
    props: { label: String },
    setup(p, { slots }) {
      const scope = inject<Record<string, unknown>>('row')
      return () => h('td', { 'data-label': p.label }, slots.default?.(scope))
    },
  }),
  TablePager: defineComponent({ emits: ['change'], setup: (_, { emit }) => () => h('button', { class: 'pager', onClick: () => emit('change') }) }),
}

type Row = { id: number; name: string }

function setup(slots: Record<string, (p: { row: Row }) => unknown>, props: Record<string, unknown> = {}) {
  const fetch = vi.fn(async () => ({ items: [{ id: 1, name: '甲' }, { id: 2, name: '乙' }] as Row[], total: 2 }))
  const list = useListPage<Row, { q: string }>({ fetch, filters: { q: '' } })
  const wrapper = mount(ListPage, {
    props: { list, title: '名单', ...props },
    slots,
    attrs: { 'data-testid': 'rows' },
    global: { plugins: [createAppI18n('zh-CN')], stubs, directives: { loading: {} } },
  })
  return { wrapper, list, fetch }
}

describe('ListPage', () => {
  it('shows the filter bar only with filters, and searches and resets through the list', async () => {
    const bare = setup({ default: () => h('td', 'x') })
    expect(bare.wrapper.find('form').exists()).toBe(false)

    const { wrapper, list, fetch } = setup({ filters: () => h('input', { class: 'q' }), default: () => h('td', 'x') })
    expect(wrapper.find('form input.q').exists()).toBe(true)
    list.page.value = 3
    list.filters.q = '张'
    await wrapper.find('form').trigger('submit')
    expect(list.page.value).toBe(1)
    expect(fetch).toHaveBeenCalledTimes(1)
    await wrapper.findAll('form button')[1]!.trigger('click')
    expect(list.filters.q).toBe('')
    expect(fetch).toHaveBeenCalledTimes(2)
  })

  it("renders the rows, each row's actions, and hands the table its attributes", async () => {
    const { wrapper, list } = setup({ default: () => [], actions: ({ row }) => h('a', `edit ${row.name}`) })
    await list.reload()
    await nextTick()
    expect(wrapper.find('table').attributes('data-testid')).toBe('rows')
    expect(wrapper.findAll('tr td[data-label="操作"] a').map((a) => a.text())).toEqual(['edit 甲', 'edit 乙'])
    expect(wrapper.find('thead.hidden a').exists()).toBe(false)
    expect(wrapper.text()).toContain('名单')
  })

  it('turns the page by reloading, or by what the page asks instead', async () => {
    const { wrapper, fetch } = setup({ default: () => [] })
    await wrapper.find('.pager').trigger('click')
    expect(fetch).toHaveBeenCalledTimes(1)

    const onPage = vi.fn()
    const other = setup({ default: () => [] }, { onPage })
    await other.wrapper.find('.pager').trigger('click')
    expect(onPage).toHaveBeenCalledTimes(1)
    expect(other.fetch).not.toHaveBeenCalled()
  })
})
