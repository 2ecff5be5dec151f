import { PageSkeleton } from 'components/ui/page-skeleton';

export default function Loading() {
  return <PageSkeleton label="Computing which peers may connect" />;
}
